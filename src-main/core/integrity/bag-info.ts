import type { Problem } from '../../common/problem';
import { RULES } from './bag-rules';
import { splitLines } from './tag-text';

export interface BagInfo {
  fields: [string, string][]; // in file order, duplicates kept (RFC 8493 §2.2.2)
  oxum: { bytes: number; files: number } | null;
  problems: Problem[];
}

/**
 * bag-info.txt (package-info.txt before 0.96). Before 1.0, whitespace around the colon is accepted
 * as the RFC asks of implementations that support older versions; from 1.0 the label must not end in
 * whitespace and exactly one blank follows the colon.
 */
export function parseBagInfo(text: string, file: string, strict: boolean): BagInfo {
  const fields: [string, string][] = [];
  const problems: Problem[] = [];
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const m = /^([^:]*?)([ \t]*):([ \t]*)(.*)$/.exec(line);
    if (!m || (m[1] ?? '').trim() === '') {
      problems.push({
        code: 'bag-info-invalid',
        message: `${file}: line ${JSON.stringify(line)} is not "Label: value"`,
        path: file,
        rule: RULES.bagInfo,
      });
      continue;
    }
    const label = m[1] ?? '';
    if (strict && ((m[2] ?? '') !== '' || /^[ \t]/.test(label) || (m[3] ?? '').length > 1)) {
      problems.push({
        code: 'bag-info-invalid',
        message: `${file}: whitespace around the colon in ${JSON.stringify(line)}`,
        path: file,
        rule: RULES.bagInfo,
      });
    }
    fields.push([label.trim(), (m[4] ?? '').trim()]);
  }
  const oxums = fields.filter(([label]) => label.toLowerCase() === 'payload-oxum');
  let oxum: BagInfo['oxum'] = null;
  if (oxums.length > 1) {
    problems.push({
      code: 'oxum-invalid',
      message: `${file}: Payload-Oxum appears ${oxums.length} times`,
      path: file,
      rule: RULES.oxum,
    });
  } else if (oxums.length === 1) {
    const m = /^(\d+)\.(\d+)$/.exec(oxums[0]![1]);
    if (!m)
      problems.push({
        code: 'oxum-invalid',
        message: `${file}: Payload-Oxum ${JSON.stringify(oxums[0]![1])} is not OctetCount.StreamCount`,
        path: file,
        rule: RULES.oxum,
      });
    else oxum = { bytes: Number(m[1]), files: Number(m[2]) };
  }
  return { fields, oxum, problems };
}
