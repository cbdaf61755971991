import { registryError } from './errors';

/** `host[:port]/repository[:tag|@sha256:…]`, as the OCI distribution spec names things. */
export interface RegistryReference {
  registry: string; // host[:port], lower-cased host
  host: string;
  repository: string;
  tag: string | null;
  digest: string | null;
}

// distribution-spec: <name> and <reference> grammars.
const REPOSITORY = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST =
  /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(:[0-9]{1,5})?$/;

export function parseReference(text: string, options: { requireRepositoryOnly?: boolean } = {}): RegistryReference {
  const bad = (why: string) =>
    registryError(
      'registry-reference-invalid',
      `"${text.slice(0, 300)}" is not a registry reference (host[:port]/repository[:tag]): ${why}`,
    );
  if (text.length > 1024) throw bad('longer than 1024 characters');
  const slash = text.indexOf('/');
  if (slash <= 0) throw bad('it names no registry host (e.g. registry.example.org/team/runs)');
  const registry = text.slice(0, slash);
  if (!HOST.test(registry)) throw bad(`"${registry}" is not a host[:port]`);
  let rest = text.slice(slash + 1);
  let digest: string | null = null;
  let tag: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`"${digest}" is not a sha256 digest`);
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a tag (letters, digits, _ . -, at most 128)`);
  }
  if (!REPOSITORY.test(rest) || rest.length > 255)
    throw bad(`"${rest}" is not a repository name (lower-case path components)`);
  if (options.requireRepositoryOnly && (tag || digest)) throw bad('give the repository only, without a tag or digest');
  const port = /:(\d+)$/.exec(registry)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw bad(`port ${port} is out of range`);
  const host = (port !== undefined ? registry.slice(0, -port.length - 1) : registry).toLowerCase();
  return { registry: port !== undefined ? `${host}:${port}` : host, host, repository: rest, tag, digest };
}

export function formatReference(ref: RegistryReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Loopback hosts may be spoken to over plain HTTP; anything else needs TLS unless asked for explicitly. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
