/** The registry of `streamtoolz` subcommands, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { assembleCommand } from './assemble.js';
import { kmersCommand } from './kmers.js';
import { pcaCommand } from './pca.js';

export const commands: readonly Command[] = [kmersCommand, pcaCommand, assembleCommand];
