// Types for system-packages.mjs, which stays plain JS because it runs before anything is installed.
export interface SystemPackage {
  name: string;
  command: string;
  neededBy: string;
}
export declare const SYSTEM_PACKAGES: readonly SystemPackage[];
export declare function which(command: string, path?: string): string | undefined;
export declare function missingPackages(path?: string): string[];
export declare function installLine(names: readonly string[]): string;
export declare function requireCommand(command: string, path?: string): string;
export declare function ensureSystemPackages(options?: { env?: NodeJS.ProcessEnv; isRoot?: boolean; log?: (line: string) => void }): string[];
