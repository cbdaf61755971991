import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { warning } from './mlflow-run';

/** The local path a `file:` URI or plain path names (file:///C:/x → C:/x), or null for other schemes. */
export function localPathOf(uri: string): string | null {
  if (/^file:/i.test(uri)) {
    let p = decodeURIComponent(uri.replace(/^file:(\/\/[^/]*)?/i, ''));
    if (/^\/[A-Za-z]:[\\/]/.test(p)) p = p.slice(1); // /C:/Users → C:/Users
    return p;
  }
  // s3:, mlflow-artifacts:, dbfs:, …
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(uri) && !/^[A-Za-z]:[\\/]/.test(uri)) return null;
  return uri;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Finds a recorded artifact location on this machine. The URI is used as is when it exists here; otherwise it
 * is re-based: the part after the run's (or model's) id is joined onto each candidate folder, so
 * `file:///C:/Users/dana/mlruns/1/<run>/artifacts` is found under the store the user named.
 */
export function resolveArtifactDir(
  uri: string | null,
  anchorId: string,
  candidates: string[],
): { dir: string | null; warnings: Problem[] } {
  const warnings: Problem[] = [];
  if (uri) {
    const local = localPathOf(uri);
    if (local === null) {
      warnings.push(
        warning(
          'mlflow-artifacts-remote',
          `artifact location ${uri} is not on this machine (only file locations can be read); looking for a local copy`,
          { uri },
        ),
      );
    } else if (isDir(local) && path.isAbsolute(local)) {
      return { dir: local, warnings };
    } else {
      const parts = local.split(/[\\/]+/);
      const at = parts.lastIndexOf(anchorId);
      const tail = at >= 0 ? parts.slice(at + 1) : [];
      for (const base of candidates) {
        const dir = path.join(base, ...tail);
        if (isDir(dir)) {
          warnings.push(
            warning('mlflow-artifacts-rebased', `artifact location ${uri} does not exist here; re-based onto ${dir}`, {
              uri,
              dir,
            }),
          );
          return { dir, warnings };
        }
      }
    }
  }
  for (const base of candidates) {
    const dir = path.join(base, 'artifacts');
    if (isDir(dir)) {
      if (uri)
        warnings.push(
          warning('mlflow-artifacts-rebased', `artifact location ${uri} not found; using ${dir}`, { uri, dir }),
        );
      return { dir, warnings };
    }
  }
  warnings.push(
    warning(
      'mlflow-artifacts-missing',
      `no artifacts found for ${anchorId}${uri ? ` (recorded at ${uri})` : ''}: the bundle has no artifact files`,
      { uri },
    ),
  );
  return { dir: null, warnings };
}

export function exists(p: string): boolean {
  return existsSync(p);
}
