import type { Channel } from '../../common/contract';
import { err, ok, type Result } from '../../common/result';
import type { PathHandles, PathKind } from '../path-handles';

/** A request field that names a path, and the kinds of pick it accepts. */
interface PathField {
  at: readonly string[];
  kinds: readonly PathKind[];
}

const readFolder = ['read-folder'] as const;
const writeFile = ['write-file'] as const;

/**
 * Every contract field that names a path on disk (a test keeps this in step with the contract's schemas).
 * import:start takes a bundle file or a bag folder, and a file chosen to write: "Import it now" reads back the
 * bundle just written there.
 * An MLflow source is a run, experiment or mlruns folder, or an mlflow.db file.
 */
export const pathFields: Partial<Record<Channel, readonly PathField[]>> = {
  'import:start': [{ at: ['source', 'path'], kinds: ['read-file', 'read-folder', 'write-file'] }],
  'pack:plan': [{ at: ['dir'], kinds: readFolder }],
  // Writes provenance.yaml into the run folder the user chose (never over one).
  'pack:init': [{ at: ['dir'], kinds: readFolder }],
  'pack:write': [
    { at: ['dir'], kinds: readFolder },
    { at: ['output'], kinds: writeFile },
  ],
  'mlflow:plan': [{ at: ['path'], kinds: ['read-folder', 'read-file'] }],
  'mlflow:write': [
    { at: ['path'], kinds: ['read-folder', 'read-file'] },
    { at: ['output'], kinds: writeFile },
  ],
  'bundles:export': [{ at: ['output'], kinds: writeFile }],
  // A registry's CA certificate file, read to trust that registry's TLS certificate.
  'registry:setCaFile': [{ at: ['caFile'], kinds: ['read-file'] }],
};

const kindWords: Record<PathKind, string> = {
  'read-file': 'a file to open',
  'read-folder': 'a folder to open',
  'write-file': 'a file to save',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The desktop app's rule for path fields (issue 13): each must be a handle a native dialog issued, of a kind the
 * field accepts; it is replaced by its path before the contract parses the request. A typed string is refused,
 * since the renderer is not trusted to name places on disk. Fields that are absent are left to the schema.
 */
export function resolvePathHandles(
  channel: Channel,
  request: unknown,
  handles: Pick<PathHandles, 'lookup'>,
): Result<unknown> {
  const fields = pathFields[channel];
  if (!fields || !isRecord(request)) return ok(request);
  let resolved: Record<string, unknown> = request;
  for (const field of fields) {
    const parents = field.at.slice(0, -1);
    const key = field.at[field.at.length - 1] as string;
    let holder: unknown = resolved;
    for (const step of parents) holder = isRecord(holder) ? holder[step] : undefined;
    if (!isRecord(holder) || !(key in holder)) continue;
    const value = holder[key];
    const where = `${channel}: ${field.at.join('.')}`;
    if (typeof value === 'string')
      return err('refused', `${where}: the desktop app takes only a path chosen in its dialog, not a typed path`);
    const handle = isRecord(value) && typeof value['handle'] === 'string' ? value['handle'] : null;
    if (handle === null) continue; // neither a path nor a handle: the schema says what is wrong
    const picked = handles.lookup(handle);
    if (!picked) return err('refused', `${where}: unknown path handle (choose the location again)`);
    if (!field.kinds.includes(picked.kind)) {
      return err(
        'refused',
        `${where}: the path was chosen as ${kindWords[picked.kind]}, but this needs ${field.kinds.map((k) => kindWords[k]).join(' or ')}`,
      );
    }
    resolved = withValue(resolved, field.at, picked.path);
  }
  return ok(resolved);
}

/** A copy of the request with the value at `at` replaced; the renderer's object is never changed. */
function withValue(record: Record<string, unknown>, at: readonly string[], value: string): Record<string, unknown> {
  const [head, ...rest] = at as [string, ...string[]];
  if (rest.length === 0) return { ...record, [head]: value };
  return { ...record, [head]: withValue(record[head] as Record<string, unknown>, rest, value) };
}
