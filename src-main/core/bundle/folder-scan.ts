import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { RULES } from '../integrity/bag-rules';
import type { ArchiveLimits } from './archive-limits';
import { duplicateNameProblems, entryNameProblem, refusedName } from './entry-name';

export interface FolderScan {
  files: Map<string, number>; // path relative to the folder → size
  hasDataDir: boolean;
  problems: Problem[]; // non-empty: refused
}

const limit = (message: string, p?: string): Problem => ({
  code: 'archive-limit',
  message,
  ...(p ? { path: p } : {}),
  rule: RULES.archiveLimits,
});

/**
 * Walks a folder bundle with lstat, never following links: symbolic links, hard-linked files, devices,
 * pipes and sockets are refused (THREATS 2), as are names an archive could not carry safely (THREATS 1, 3)
 * and folders past the limits (THREATS 4).
 */
export async function scanFolder(root: string, limits: ArchiveLimits): Promise<FolderScan> {
  const files = new Map<string, number>();
  const names: { name: string; isDir: boolean }[] = [];
  const problems: Problem[] = [];
  let total = 0;
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    const dirents = await fsp.readdir(path.join(root, rel), { withFileTypes: true, encoding: 'buffer' });
    for (const d of dirents) {
      if (problems.length > 0 && problems[problems.length - 1]!.code === 'archive-limit') return;
      let base: string;
      try {
        base = new TextDecoder('utf-8', { fatal: true }).decode(d.name as unknown as Buffer);
      } catch {
        problems.push(
          refusedName(`${rel}${(d.name as unknown as Buffer).toString('latin1')}`, 'name is not valid UTF-8'),
        );
        continue;
      }
      const name = `${rel}${base}`;
      if (++count > limits.maxEntries) {
        problems.push(limit(`the folder has more than ${limits.maxEntries} entries`));
        return;
      }
      const reason = entryNameProblem(name);
      if (reason) {
        problems.push(refusedName(name, reason));
        continue;
      }
      const st = await fsp.lstat(path.join(root, name));
      if (st.isSymbolicLink()) {
        problems.push(typeProblem(name, 'a symbolic link'));
        continue;
      }
      if (st.isDirectory()) {
        names.push({ name: `${name}/`, isDir: true });
        await walk(`${name}/`);
        continue;
      }
      if (!st.isFile()) {
        problems.push(typeProblem(name, 'a device, pipe or socket'));
        continue;
      }
      if (st.nlink > 1) {
        problems.push(typeProblem(name, `a hard link (${st.nlink} names for one file)`));
        continue;
      }
      if (st.size > limits.maxEntryBytes)
        problems.push(
          limit(`${JSON.stringify(name)} has ${st.size} bytes; the limit is ${limits.maxEntryBytes}`, name),
        );
      total += st.size;
      files.set(name, st.size);
      names.push({ name, isDir: false });
    }
  };
  await walk('');
  if (total > limits.maxTotalBytes)
    problems.push(limit(`the folder holds ${total} bytes; the limit is ${limits.maxTotalBytes}`));
  problems.push(...duplicateNameProblems(names));
  const hasDataDir = names.some((n) => n.name === 'data/');
  return { files, hasDataDir, problems };
}

function typeProblem(name: string, kind: string): Problem {
  return {
    code: 'entry-type-refused',
    message: `${JSON.stringify(name)} is ${kind}; only regular files and folders are allowed`,
    path: name,
    rule: RULES.archiveType,
  };
}

/** Reads a small file without following a link swapped in since the scan. */
export async function readFileNoFollow(file: string, maxBytes: number): Promise<Buffer | null> {
  const fh = await fsp.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > maxBytes) return null;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await fh.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}
