import { copyFile, link, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReplaySpec } from '../bundle/replay-spec';
import { inputError } from './replay-error';

/**
 * Lays the files a replay needs out in a private folder as they are under data/, so a model's relative
 * external data resolves there and nothing else of the bundle is reachable. Files are hard-linked (copied
 * across devices); symbolic links are refused, never followed.
 */

/**
 * The payload paths a spec needs: the model (with every file of its folder, for external data), data, predictions,
 * cases.
 */
export function neededPaths(spec: ReplaySpec, available: readonly string[]): string[] {
  const needed = new Set<string>();
  const modelFolder =
    spec.task === 'text-classification' ? spec.model.replace(/\/+$/, '') : path.posix.dirname(spec.model);
  for (const p of available) {
    const inFolder =
      modelFolder === '.' ? !p.includes('/') && p.toLowerCase() !== 'replay.json' : p.startsWith(modelFolder + '/');
    if (inFolder || p === spec.model) needed.add(p);
  }
  if (spec.task !== 'text-classification') needed.add(spec.model);
  const data = spec.data;
  if (data) {
    needed.add(data.path);
    if (data.format === 'npy') {
      for (const f of data.features ?? []) needed.add(f);
      needed.add(data.label);
    }
  }
  if (spec.predictions) needed.add(spec.predictions);
  for (const c of spec.cases ?? [])
    for (const f of [...Object.values(c.inputs), ...Object.values(c.outputs)]) needed.add(f);
  return [...needed].sort();
}

function safeRelative(p: string): boolean {
  return (
    p.length > 0 &&
    !p.startsWith('/') &&
    !p.includes('\\') &&
    !p.includes('\0') &&
    !/^[A-Za-z]:/.test(p) &&
    !p.split('/').some((s) => s === '..' || s === '')
  );
}

export async function stageFiles(files: Record<string, string>, needed: readonly string[], dir: string): Promise<void> {
  for (const rel of needed) {
    if (!safeRelative(rel)) throw inputError('replay-path-unsafe', `"${rel}" is not a safe relative payload path`, rel);
    const source = Object.hasOwn(files, rel) ? files[rel] : undefined;
    if (source === undefined)
      throw inputError('replay-file-missing', `the bundle has no data/${rel}, which replay.json needs`, rel);
    const info = await lstat(source).catch(() => null);
    if (!info) throw inputError('replay-file-missing', `data/${rel} cannot be read`, rel);
    if (info.isSymbolicLink())
      throw inputError('replay-file-symlink', `data/${rel} is a symbolic link; replay only reads regular files`, rel);
    if (!info.isFile()) throw inputError('replay-file-missing', `data/${rel} is not a regular file`, rel);
    const target = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await link(source, target).catch(() => copyFile(source, target));
  }
}
