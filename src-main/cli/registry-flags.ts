import path from 'node:path';

/** The flags every registry command takes (push, pull, sync, registry list, audit verify --registry). */
export interface RegistryFlags {
  plainHttp?: boolean;
  caFile?: string;
}

export const PLAIN_HTTP_HELP = 'speak plain HTTP to a registry that is not on this machine (loopback always is)';
export const CA_FILE_HELP =
  "a PEM file of the CA that signed the registry's certificate, trusted for this registry only";

/** How to reach the registry, from the flags: plain HTTP only when asked, a team CA when given. */
export function connectionFlags(flags: RegistryFlags): { plainHttp: boolean; caFile?: string } {
  return { plainHttp: flags.plainHttp === true, ...(flags.caFile ? { caFile: path.resolve(flags.caFile) } : {}) };
}
