import type { Problem } from '../../common/problem';
import { RULES } from './bag-rules';
import { foldKey } from './bag-path';
import { isAtLeast1, parseBagDeclaration } from './bagit-declaration';
import { parseBagInfo } from './bag-info';
import { parseFetch } from './fetch-parse';
import { DIGEST_HEX_LENGTH, parseManifest, type Manifest } from './manifest-parse';
import { decodeTag } from './tag-text';

/** What the archive or folder reader found: every regular file of the bag (path relative to the bag root). */
export interface BagListing {
  files: Map<string, number>; // path → size in bytes
  hasDataDir: boolean;
  tags: Map<string, Buffer>; // contents of the tag files (outside data/) held in memory (bundle/tag-file-limits.ts)
  streamedTags: Set<string>; // the other tag files: hashed as a stream with the payload, never held
}

export interface BagAnalysis {
  version: string | null;
  encoding: string | null;
  problems: Problem[];
  warnings: Problem[];
  refused: boolean;
  payloadManifests: Manifest[];
  tagManifests: Manifest[];
  payloadFiles: string[];
  payloadBytes: number;
  hashAlgorithms: string[]; // what to compute for every payload file: the manifests' algorithms and sha256
  weak: boolean;
}

const MANIFEST_NAME = /^(tag)?manifest-([^/]+)\.txt$/;
const SYSTEM_FILES = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|__MACOSX|\._[^/]*)(\/|$)/i;

/**
 * Stages 1 and 2 of verification, both cheap: structure, declaration, manifests, counts and sizes
 * (Payload-Oxum), fetch.txt, then missing and unexpected files. No payload byte is read here.
 */
export function analyzeBag(listing: BagListing): BagAnalysis {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let refused = false;
  const declBuf = listing.tags.get('bagit.txt');
  let version: string | null = null;
  let encoding: string | null = 'utf-8';
  if (!declBuf) {
    problems.push({
      code: 'bagit-txt-missing',
      message: 'the bag has no bagit.txt',
      path: 'bagit.txt',
      rule: RULES.declaration,
    });
  } else {
    const decl = parseBagDeclaration(declBuf);
    problems.push(...decl.problems);
    version = decl.version;
    encoding = decl.encoding ?? (decl.problems.some((p) => p.code === 'tag-encoding-unsupported') ? null : 'utf-8');
  }
  const strict = isAtLeast1(version);
  if (!listing.hasDataDir)
    problems.push({
      code: 'payload-dir-missing',
      message: 'the bag has no data/ folder',
      path: 'data/',
      rule: RULES.payloadDir,
    });

  const text = (path: string): string | null => {
    const buf = listing.tags.get(path);
    if (!buf || !encoding) return null;
    const d = decodeTag(buf, encoding);
    if (!d.ok) {
      problems.push({ code: 'tag-file-encoding', message: `${path} has ${d.reason}`, path, rule: RULES.textTag });
      return null;
    }
    if (d.bom && encoding === 'utf-8') {
      const finding: Problem = {
        code: 'tag-file-bom',
        message: `${path} starts with a byte-order mark although the encoding is UTF-8`,
        path,
        rule: RULES.textTag,
      };
      (strict ? problems : warnings).push(finding);
    }
    return d.text;
  };

  const payloadFiles = [...listing.files.keys()].filter((p) => p.startsWith('data/')).sort();
  let payloadBytes = 0;
  for (const p of payloadFiles) payloadBytes += listing.files.get(p) ?? 0;

  const payloadManifests: Manifest[] = [];
  const tagManifests: Manifest[] = [];
  for (const path of [...listing.files.keys()].sort()) {
    const m = MANIFEST_NAME.exec(path);
    if (!m) continue;
    const kind = m[1] ? 'tag' : 'payload';
    const algorithm = m[2]!;
    if (DIGEST_HEX_LENGTH[algorithm] === undefined) {
      problems.push({
        code: 'algorithm-unsupported',
        message: `${path} uses ${algorithm}, which this tool cannot compute`,
        path,
        rule: RULES.algorithms,
      });
      continue;
    }
    const body = text(path);
    if (body === null) continue;
    const manifest = parseManifest(body, path, algorithm, kind, strict);
    problems.push(...manifest.problems);
    warnings.push(...manifest.warnings);
    refused ||= manifest.refused;
    (kind === 'tag' ? tagManifests : payloadManifests).push(manifest);
  }
  if (payloadManifests.length === 0 && ![...listing.files.keys()].some((p) => /^manifest-[^/]+\.txt$/.test(p)))
    problems.push({
      code: 'manifest-missing',
      message: 'the bag has no payload manifest (manifest-<algorithm>.txt)',
      rule: RULES.manifestRequired,
    });

  // Payload-Oxum: the cheapest completeness check, from sizes alone.
  const infoFile = listing.tags.has('bag-info.txt')
    ? 'bag-info.txt'
    : listing.tags.has('package-info.txt')
      ? 'package-info.txt'
      : null;
  if (infoFile) {
    const body = text(infoFile);
    if (body !== null) {
      const info = parseBagInfo(body, infoFile, strict);
      problems.push(...info.problems);
      if (info.oxum && (info.oxum.bytes !== payloadBytes || info.oxum.files !== payloadFiles.length)) {
        problems.push({
          code: 'oxum-mismatch',
          message: `Payload-Oxum says ${info.oxum.bytes} bytes in ${info.oxum.files} files; the payload has ${payloadBytes} bytes in ${payloadFiles.length} files`,
          path: infoFile,
          rule: RULES.oxum,
          expected: `${info.oxum.bytes}.${info.oxum.files}`,
          actual: `${payloadBytes}.${payloadFiles.length}`,
        });
      }
    }
  }

  // fetch.txt: we never download, so what it names must already be here (and in every manifest).
  if (listing.files.has('fetch.txt')) {
    const body = text('fetch.txt');
    if (body !== null) {
      const fetch = parseFetch(body);
      problems.push(...fetch.problems);
      refused ||= fetch.refused;
      for (const path of fetch.paths) {
        if (!listing.files.has(path)) {
          refused = true;
          problems.push({
            code: 'fetch-unsupported',
            message: `fetch.txt asks to download ${JSON.stringify(path)}; downloading is not supported and the file is not in the bag`,
            path,
            rule: RULES.fetch,
          });
        }
        for (const m of payloadManifests)
          if (!m.entries.has(path))
            problems.push({
              code: 'fetch-not-in-manifest',
              message: `fetch.txt lists ${JSON.stringify(path)}, which ${m.file} does not`,
              path,
              rule: RULES.fetch,
            });
      }
    }
  }

  // Stage 2: listed files that are missing, present files that are not listed.
  for (const m of payloadManifests)
    for (const path of m.entries.keys())
      if (!listing.files.has(path))
        problems.push({
          code: 'file-missing',
          message: `${m.file} lists ${JSON.stringify(path)}, which is not in the bag`,
          path,
          rule: RULES.listedPresent,
        });
  for (const m of tagManifests)
    for (const path of m.entries.keys())
      if (!listing.files.has(path))
        problems.push({
          code: 'file-missing',
          message: `${m.file} lists ${JSON.stringify(path)}, which is not in the bag`,
          path,
          rule: RULES.tagListedPresent,
        });
  if (payloadManifests.length > 0) {
    for (const path of payloadFiles) {
      const missingFrom = payloadManifests.filter((m) => !m.entries.has(path)).map((m) => m.file);
      if (missingFrom.length === 0) continue;
      if (strict || missingFrom.length === payloadManifests.length)
        problems.push({
          code: 'file-unexpected',
          message: `${JSON.stringify(path)} is in the payload but not listed in ${missingFrom.join(', ')}`,
          path,
          rule: strict ? RULES.everyManifest : RULES.anyManifest,
        });
      else
        warnings.push({
          code: 'file-not-in-every-manifest',
          message: `${JSON.stringify(path)} is not listed in ${missingFrom.join(', ')}`,
          path,
          rule: RULES.everyManifest,
        });
    }
  }
  warnings.push(...nameWarnings(payloadManifests, payloadFiles));

  const algorithms = payloadManifests.map((m) => m.algorithm);
  const weak = algorithms.length > 0 && algorithms.every((a) => a === 'md5' || a === 'sha1');
  if (weak)
    warnings.push({
      code: 'weak-algorithms',
      message: `only ${algorithms.join(' and ')} manifests: verifiable, but weakly protected and not approvable`,
      rule: RULES.weak,
    });
  const hashAlgorithms = [...new Set(['sha256', ...algorithms])];
  return {
    version,
    encoding,
    problems,
    warnings,
    refused,
    payloadManifests,
    tagManifests,
    payloadFiles,
    payloadBytes,
    hashAlgorithms,
    weak,
  };
}

function nameWarnings(manifests: Manifest[], payloadFiles: string[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, string>();
  for (const path of new Set(manifests.flatMap((m) => [...m.entries.keys()]))) {
    const key = foldKey(path);
    const other = seen.get(key);
    if (other !== undefined && other !== path)
      out.push({
        code: 'path-case-collision',
        message: `${JSON.stringify(other)} and ${JSON.stringify(path)} differ only in case or Unicode normalization`,
        path,
        rule: RULES.normalization,
      });
    else seen.set(key, path);
  }
  for (const path of payloadFiles)
    if (SYSTEM_FILES.test(path))
      out.push({
        code: 'special-system-file',
        message: `${JSON.stringify(path)} looks like an operating-system file (e.g. .DS_Store, Thumbs.db)`,
        path,
      });
  return out;
}
