import type { Problem } from '../../common/problem';
import { AUTHORSHIP_MAX_BYTES, AUTHORSHIP_TAG_FILE } from './authorship-file';
import { RULES } from '../integrity/bag-rules';
import type { ArchiveLimits } from './archive-limits';

/**
 * Which tag files (every file outside data/) are read into memory, and how much of them (THREATS 4). The tag files
 * verification reads as text are known by name, each kind with a cap, and together under `limits.maxTagBytes`; past
 * either the bundle is refused. Any other tag file is held only while small (its bytes are kept with the bundle);
 * the rest are hashed as a stream, so a bag of huge extra tag files costs time, not memory.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

const KNOWN: { is: (path: string) => boolean; maxBytes: number }[] = [
  { is: (p) => p === 'bagit.txt', maxBytes: 64 * KiB }, // two short lines
  { is: (p) => p === 'bag-info.txt' || p === 'package-info.txt', maxBytes: 8 * MiB },
  { is: (p) => /^(tag)?manifest-[^/]+\.txt$/.test(p), maxBytes: 64 * MiB }, // 100,000 lines of sha512 and a long path
  { is: (p) => p === 'fetch.txt', maxBytes: 64 * MiB },
  { is: (p) => p === AUTHORSHIP_TAG_FILE, maxBytes: AUTHORSHIP_MAX_BYTES },
];

/**
 * Other tag files up to this size, and this much of them in all, are held (and kept by import); larger ones are
 * streamed.
 */
export const HELD_TAG_FILE_BYTES = 1 * MiB;
export const HELD_TAG_FILES_BYTES = 8 * MiB;

/** The cap of a tag file verification reads as text, or null for any other file. */
export function knownTagCap(path: string): number | null {
  return KNOWN.find((k) => k.is(path))?.maxBytes ?? null;
}

export interface TagPlan {
  read: string[]; // into memory: every known tag file and the small others, in path order
  streamed: string[]; // other tag files, hashed as a stream and never held
  problems: Problem[]; // non-empty: refused before any of them is read
}

/** Decides from the sizes the scan found (declared in a ZIP, checked while inflating; lstat for a folder). */
export function planTagFiles(files: Map<string, number>, limits: ArchiveLimits): TagPlan {
  const read: string[] = [];
  const streamed: string[] = [];
  const problems: Problem[] = [];
  const known: [string, number][] = [];
  let held = 0;
  for (const path of [...files.keys()].filter((p) => !p.startsWith('data/')).sort()) {
    const size = files.get(path)!;
    const cap = knownTagCap(path);
    if (cap !== null) {
      if (size > cap) problems.push(tooLarge(path, size, cap));
      known.push([path, size]);
      read.push(path);
    } else if (size <= HELD_TAG_FILE_BYTES && held + size <= HELD_TAG_FILES_BYTES) {
      held += size;
      read.push(path);
    } else {
      streamed.push(path);
    }
  }
  const total = known.reduce((sum, [, size]) => sum + size, 0);
  if (problems.length === 0 && total > limits.maxTagBytes) {
    const largest = [...known].sort((a, b) => b[1] - a[1]).slice(0, 3);
    problems.push({
      code: 'tag-files-too-large',
      message: `the tag files verification reads hold ${total} bytes in all; the limit is ${limits.maxTagBytes} (largest: ${largest.map(([p, s]) => `${JSON.stringify(p)} ${s} bytes`).join(', ')})`,
      path: largest[0]![0],
      rule: RULES.tagLimits,
      limit: limits.maxTagBytes,
      actual: String(total),
    });
  }
  return { read, streamed, problems };
}

function tooLarge(path: string, size: number, cap: number): Problem {
  return {
    code: 'tag-file-too-large',
    message: `${JSON.stringify(path)} has ${size} bytes; the limit for this tag file is ${cap}`,
    path,
    rule: RULES.tagLimits,
    limit: cap,
    actual: String(size),
  };
}

/**
 * Reads the planned tag files with `read(path, size)`, which returns null when a file is no longer the size planned
 * (a folder changed since its scan): a known file is then refused, another one streamed instead.
 */
export async function readTagFiles(
  plan: TagPlan,
  sizes: Map<string, number>,
  read: (path: string, size: number) => Promise<Buffer | null>,
): Promise<{ tags: Map<string, Buffer>; streamed: Set<string>; problems: Problem[] }> {
  const tags = new Map<string, Buffer>();
  const streamed = new Set(plan.streamed);
  const problems: Problem[] = [];
  for (const path of plan.read) {
    const size = sizes.get(path)!;
    const buf = await read(path, size);
    if (buf && buf.length === size) tags.set(path, buf);
    else if (knownTagCap(path) === null) streamed.add(path);
    else
      problems.push({
        code: 'file-changed',
        message: `${path} changed size while it was read (${size} bytes when scanned)`,
        path,
      });
  }
  return { tags, streamed, problems };
}
