import type { Problem } from '../../common/problem';
import { RULES } from './bag-rules';
import { normalizeEncodingName, splitLines } from './tag-text';

export interface BagDeclaration {
  version: string | null; // "1.0", "0.97", … when the line is well formed
  encoding: string | null; // normalised (utf-8, latin1, utf-16, …) when known
  problems: Problem[];
}

const SUPPORTED = new Set(['0.93', '0.94', '0.95', '0.96', '0.97', '1.0']);

/**
 * bagit.txt exactly as RFC 8493 §2.1.1 and its ABNF write it: `BagIt-Version: ` then M.N, then
 * `Tag-File-Character-Encoding: ` then the name. No BOM, no space before the colon (bagit-python is
 * lenient there; we are not), no trailing blanks in the version.
 */
export function parseBagDeclaration(buf: Buffer): BagDeclaration {
  const problems: Problem[] = [];
  const bad = (message: string) =>
    problems.push({
      code: 'bagit-txt-invalid',
      message: `bagit.txt: ${message}`,
      path: 'bagit.txt',
      rule: RULES.declaration,
    });
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    bad('starts with a UTF-8 byte-order mark');
    return { version: null, encoding: null, problems };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    bad('is not valid UTF-8');
    return { version: null, encoding: null, problems };
  }
  const lines = splitLines(text);
  if (lines.length !== 2) bad(`has ${lines.length} lines; exactly two are required`);
  let version: string | null = null;
  let encoding: string | null = null;
  const v = /^BagIt-Version: (.*)$/.exec(lines[0] ?? '');
  if (!v) bad(`first line must be "BagIt-Version: M.N", found ${JSON.stringify(lines[0] ?? '')}`);
  else if (!/^\d+\.\d+$/.test(v[1] ?? '')) bad(`version ${JSON.stringify(v[1])} is not M.N`);
  else if (!SUPPORTED.has(v[1] ?? '')) bad(`version ${v[1]} is not supported (0.93 to 1.0)`);
  else version = v[1] ?? null;
  const e = /^Tag-File-Character-Encoding: (.+)$/.exec(lines[1] ?? '');
  if (!e) bad(`second line must be "Tag-File-Character-Encoding: ENCODING", found ${JSON.stringify(lines[1] ?? '')}`);
  else {
    encoding = normalizeEncodingName(e[1] ?? '');
    if (!encoding)
      problems.push({
        code: 'tag-encoding-unsupported',
        message: `bagit.txt declares tag file encoding ${JSON.stringify(e[1])}, which this tool cannot decode`,
        path: 'bagit.txt',
        rule: RULES.textTag,
      });
  }
  return { version, encoding, problems };
}

/** 1.0 and later tighten several rules that older bags may break. */
export function isAtLeast1(version: string | null): boolean {
  return version === null || Number(version.split('.')[0]) >= 1;
}
