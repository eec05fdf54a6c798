/** The registry of `streamtoolz` subcommands, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { kmersCommand } from './kmers.js';

export const commands: readonly Command[] = [kmersCommand];
