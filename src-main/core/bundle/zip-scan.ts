import yauzl from 'yauzl';
import type { Problem } from '../../common/problem';
import { RULES } from '../integrity/bag-rules';
import { RATIO_MIN_BYTES, type ArchiveLimits } from './archive-limits';
import { duplicateNameProblems, entryNameProblem, refusedName } from './entry-name';
import { openZipFile } from './zip-file-reader';

export interface ZipItem {
  name: string;
  path: string;
  entry: yauzl.Entry;
}
export interface ZipScan {
  zip: yauzl.ZipFile | null;
  files: ZipItem[]; // regular files, `path` relative to the bag root
  hasDataDir: boolean;
  problems: Problem[]; // non-empty: refused (THREATS 1-5)
  notes: Problem[]; // findings about the layout that make the bag invalid, not hostile
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

const integrity = (message: string, path?: string): Problem => ({
  code: 'archive-invalid',
  message,
  ...(path ? { path } : {}),
  rule: RULES.archiveIntegrity,
});
const limit = (message: string, path?: string): Problem => ({
  code: 'archive-limit',
  message,
  ...(path ? { path } : {}),
  rule: RULES.archiveLimits,
});

/**
 * Reads a ZIP's central directory (never the whole archive) and refuses it, before any entry data is
 * read, when THREATS 1-5 apply: unsafe or duplicate names, links and devices, encryption, unknown
 * compression, counts/sizes/ratios past the limits, local headers that disagree with the central
 * directory, overlapping or out-of-bounds entries. Finds the bag at the root or in one top folder.
 */
export async function scanZip(file: string, limits: ArchiveLimits): Promise<ZipScan> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (e) {
    return {
      zip: null,
      files: [],
      hasDataDir: false,
      notes: [],
      problems: [integrity(`not a readable ZIP archive (truncated or corrupt): ${(e as Error).message}`)],
    };
  }
  const fail = (problems: Problem[]): ZipScan => ({ zip, files: [], hasDataDir: false, problems, notes: [] });
  if (zip.entryCount > limits.maxEntries)
    return fail([limit(`the archive has ${zip.entryCount} entries; the limit is ${limits.maxEntries}`)]);
  const centralStart = (zip as unknown as { readEntryCursor: number }).readEntryCursor;

  const entries: yauzl.Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push(e);
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (e) {
    return fail([integrity(`corrupt central directory: ${(e as Error).message}`)]);
  }

  const problems: Problem[] = [];
  const named: { name: string; entry: yauzl.Entry; isDir: boolean }[] = [];
  let total = 0;
  for (const entry of entries) {
    const name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw as unknown as Buffer,
      entry.extraFields,
      true,
    );
    const reason = entryNameProblem(name);
    if (reason) {
      problems.push(refusedName(name, reason));
      continue;
    }
    const madeByUnix = entry.versionMadeBy >> 8 === 3;
    const type = madeByUnix ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
    const isDir = name.endsWith('/');
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
      const kind = type === S_IFLNK ? 'a symbolic link' : 'a device, pipe or socket';
      problems.push({
        code: 'entry-type-refused',
        message: `entry ${JSON.stringify(name)} is ${kind}; only regular files and folders are allowed`,
        path: name,
        rule: RULES.archiveType,
      });
      continue;
    }
    if ((type === S_IFDIR && !isDir) || (isDir && (type === S_IFREG || entry.uncompressedSize > 0))) {
      problems.push({
        code: 'entry-type-refused',
        message: `entry ${JSON.stringify(name)} is marked both as a file and as a folder`,
        path: name,
        rule: RULES.archiveType,
      });
      continue;
    }
    if (entry.generalPurposeBitFlag & 0x1) {
      problems.push(integrity(`entry ${JSON.stringify(name)} is encrypted`, name));
      continue;
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      problems.push(
        integrity(`entry ${JSON.stringify(name)} uses unsupported compression method ${entry.compressionMethod}`, name),
      );
      continue;
    }
    if (entry.uncompressedSize > limits.maxEntryBytes)
      problems.push(
        limit(
          `entry ${JSON.stringify(name)} declares ${entry.uncompressedSize} bytes; the limit is ${limits.maxEntryBytes}`,
          name,
        ),
      );
    const ratio =
      entry.compressedSize > 0
        ? entry.uncompressedSize / entry.compressedSize
        : entry.uncompressedSize > 0
          ? Infinity
          : 0;
    if (entry.uncompressedSize >= RATIO_MIN_BYTES && ratio > limits.maxRatio)
      problems.push(
        limit(
          `entry ${JSON.stringify(name)} expands ${ratio === Infinity ? 'from nothing' : `${ratio.toFixed(0)}×`}; the limit is ${limits.maxRatio}×`,
          name,
        ),
      );
    total += entry.uncompressedSize;
    named.push({ name, entry, isDir });
  }
  if (total > limits.maxTotalBytes)
    problems.push(limit(`the archive declares ${total} bytes in all; the limit is ${limits.maxTotalBytes}`));
  problems.push(...duplicateNameProblems(named));
  if (problems.length === 0)
    problems.push(
      ...(await checkLayout(
        zip,
        named.map((n) => ({ name: n.name, entry: n.entry })),
        centralStart,
      )),
    );
  if (problems.length > 0) return fail(problems);

  // The bag is at the root, or inside exactly one top-level folder.
  const names = named.map((n) => n.name);
  const tops = new Set(names.map((n) => n.split('/')[0]));
  let root = '';
  const notes: Problem[] = [];
  if (!names.includes('bagit.txt') && tops.size === 1 && names.every((n) => n.includes('/'))) root = `${[...tops][0]}/`;
  else if (!names.includes('bagit.txt')) {
    const nested = names.filter((n) => /^[^/]+\/bagit\.txt$/.test(n));
    if (nested.length > 0)
      notes.push({
        code: 'bag-root-ambiguous',
        message: `bagit.txt is in ${nested.map((n) => JSON.stringify(n.split('/')[0] + '/')).join(', ')}, but the archive has other top-level entries too (${[
          ...tops,
        ]
          .slice(0, 5)
          .map((t) => JSON.stringify(t))
          .join(', ')}); a bundle holds the bag at the root or inside exactly one top-level folder`,
        rule: 'BUNDLE-FORMAT §1: a ZIP bundle holds the bag at the archive root or inside exactly one top-level folder',
      });
  }
  const files: ZipItem[] = [];
  let hasDataDir = false;
  for (const n of named) {
    const path = n.name.slice(root.length);
    if (path === 'data/' || path.startsWith('data/')) hasDataDir = true;
    if (!n.isDir) files.push({ name: n.name, path, entry: n.entry });
  }
  return { zip, files, hasDataDir, problems: [], notes };
}

/** Local headers must agree with the central directory, and entries must neither overlap nor overrun. */
async function checkLayout(
  zip: yauzl.ZipFile,
  items: { name: string; entry: yauzl.Entry }[],
  centralStart: number,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const ranges: { name: string; start: number; end: number }[] = [];
  for (const { name, entry } of items) {
    let local: yauzl.LocalFileHeader;
    try {
      local = await zip.readLocalFileHeaderPromise(entry);
    } catch (e) {
      problems.push(integrity(`entry ${JSON.stringify(name)}: ${(e as Error).message}`, name));
      continue;
    }
    const central = entry.fileNameRaw as unknown as Buffer;
    const why: string[] = [];
    if (!Buffer.from(local.fileName).equals(central)) why.push('file name');
    if (local.compressionMethod !== entry.compressionMethod) why.push('compression method');
    if ((local.generalPurposeBitFlag & 0x1) !== (entry.generalPurposeBitFlag & 0x1)) why.push('encryption flag');
    if (!(local.generalPurposeBitFlag & 0x8)) {
      if (local.crc32 !== entry.crc32) why.push('CRC-32');
      if (local.compressedSize !== 0xffffffff && local.compressedSize !== entry.compressedSize)
        why.push('compressed size');
      if (local.uncompressedSize !== 0xffffffff && local.uncompressedSize !== entry.uncompressedSize) why.push('size');
    }
    if (why.length)
      problems.push(
        integrity(
          `entry ${JSON.stringify(name)}: local header and central directory disagree on ${why.join(', ')}`,
          name,
        ),
      );
    ranges.push({ name, start: entry.relativeOffsetOfLocalHeader, end: local.fileDataStart + entry.compressedSize });
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    const next = ranges[i + 1];
    if (next && next.start < r.end)
      problems.push(
        limit(`entries ${JSON.stringify(r.name)} and ${JSON.stringify(next.name)} overlap in the archive`, next.name),
      );
    if (r.end > centralStart)
      problems.push(integrity(`entry ${JSON.stringify(r.name)} runs into the central directory`, r.name));
  }
  return problems;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return openZipFile(file, {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: true,
  });
}
