import { RegistryClient } from './client';
import { credentialsFor } from './credentials';
import { parseReference, type RegistryReference } from './reference';
import { trustWithCaFile } from './trusted-ca';

export interface SessionOptions {
  plainHttp?: boolean;
  /** A PEM file of the CA that signed this registry's certificate, trusted beside the system's roots. */
  caFile?: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** A client for a reference's registry, with the Docker config's credentials for it. */
export async function openRegistry(
  reference: string | RegistryReference,
  options: SessionOptions = {},
): Promise<{ ref: RegistryReference; client: RegistryClient }> {
  const ref = typeof reference === 'string' ? parseReference(reference) : reference;
  const credentials = await credentialsFor(ref.registry, options.env);
  const client = new RegistryClient(ref, {
    credentials,
    ...(options.plainHttp ? { plainHttp: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.caFile ? { ca: trustWithCaFile(options.caFile) } : {}),
  });
  return { ref, client };
}

/** Bytes-per-second and time left from a start time, for the shared Progress shape. */
export function rate(started: number, done: number, total: number): { rateBytesPerSec: number; etaMs: number | null } {
  const seconds = (Date.now() - started) / 1000;
  const r = seconds > 0 ? done / seconds : 0;
  return { rateBytesPerSec: r, etaMs: r > 0 ? ((total - done) / r) * 1000 : null };
}
