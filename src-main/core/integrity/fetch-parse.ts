import type { Problem } from '../../common/problem';
import { RULES } from './bag-rules';
import { decodeManifestPath, unsafePathReason } from './bag-path';
import { splitLines } from './tag-text';

export interface FetchList {
  paths: string[];
  problems: Problem[];
  refused: boolean;
}

/** fetch.txt (RFC 8493 §2.2.3): `url length filepath`; the path is everything after the second blank run. */
export function parseFetch(text: string): FetchList {
  const out: FetchList = { paths: [], problems: [], refused: false };
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    const m = /^([^ \t]+)[ \t]+(\d+|-)[ \t]+(.+)$/.exec(line);
    if (!m) {
      out.problems.push({
        code: 'fetch-line-invalid',
        message: `fetch.txt: ${JSON.stringify(line)} is not "url length path"`,
        path: 'fetch.txt',
        rule: RULES.fetch,
      });
      continue;
    }
    const path = decodeManifestPath(m[3]!);
    const unsafe = unsafePathReason(path);
    if (unsafe) {
      out.refused = true;
      out.problems.push({
        code: 'path-unsafe',
        message: `fetch.txt lists ${JSON.stringify(path)}: ${unsafe}`,
        path,
        rule: RULES.specialChars,
      });
      continue;
    }
    if (!path.startsWith('data/')) {
      out.refused = true;
      out.problems.push({
        code: 'path-outside-payload',
        message: `fetch.txt lists ${JSON.stringify(path)}, which is not a payload file`,
        path,
        rule: RULES.fetch,
      });
      continue;
    }
    out.paths.push(path);
  }
  return out;
}
