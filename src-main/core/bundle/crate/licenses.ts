import type { LicenseCode } from '../../../common/problem-codes';
import { type CrateGraph, asArray, isObject, text, textOrId } from './graph';
import type { ProblemList } from './rules';

/**
 * The SPDX expression a `license` property states, as written. Accepted forms:
 * `{"@id": "https://spdx.org/licenses/X"}` (or http, `.html`/`.json` suffix) → "X"; a reference to a
 * CreativeWork whose `identifier` is an SPDX id, URL or expression; an inline string ("MIT").
 * Anything else (e.g. a Creative Commons URL) is kept as written and reported for review, with a
 * suggested SPDX id where one is certain; it is never silently replaced.
 */
const SPDX_URL = /^https?:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(?:\.html|\.json)?\/?$/;
const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const CC_URL =
  /^https?:\/\/creativecommons\.org\/(?:licenses\/(by(?:-nc)?(?:-nd|-sa)?)\/(\d\.\d)\/?|publicdomain\/zero\/1\.0\/?)(?:legalcode)?$/i;

export interface LicenseRead {
  license: string | null;
  problems: { code: LicenseCode; message: string; suggestion?: string }[];
}

export function spdxFromUrl(url: string): string | null {
  return SPDX_URL.exec(url.trim())?.[1] ?? null;
}

/** A suggestion only for unported Creative Commons URLs, whose SPDX ids are fixed (CC-BY-4.0, CC0-1.0). */
export function suggestSpdx(url: string): string | null {
  const m = CC_URL.exec(url.trim());
  if (!m) return null;
  return m[1] ? `CC-${m[1].toUpperCase()}-${m[2]}` : 'CC0-1.0';
}

export function readLicense(graph: CrateGraph, value: unknown): LicenseRead {
  const parts: string[] = [];
  const problems: LicenseRead['problems'] = [];
  for (const item of asArray(value)) {
    const one = readOne(graph, item);
    if (one.license) parts.push(one.license);
    problems.push(...one.problems);
  }
  if (parts.length > 1) {
    problems.push({
      code: 'license-multiple',
      message: `several licenses (${parts.join(', ')}); read as all applying (AND)`,
    });
    return { license: parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND '), problems };
  }
  return { license: parts[0] ?? null, problems };
}

function readOne(graph: CrateGraph, item: unknown): LicenseRead {
  let written: string | null = null;
  if (typeof item === 'string') written = item.trim();
  else if (isObject(item))
    written = typeof item['@id'] === 'string' ? item['@id'] : (text(item['identifier']) ?? text(item['name']));
  if (!written)
    return {
      license: null,
      problems: [{ code: 'license-unreadable', message: 'license value is neither a string nor a reference' }],
    };

  const spdx = spdxFromUrl(written);
  if (spdx) return { license: spdx, problems: [] };
  // "MIT", "Apache-2.0 OR MIT"
  if (!URL_LIKE.test(written) && !written.startsWith('#')) return { license: written, problems: [] };

  // A reference: a CreativeWork entity whose identifier is the SPDX id, URL or expression.
  const entity = graph.get(written) ?? (isObject(item) && Object.keys(item).length > 1 ? { props: item } : undefined);
  const identifier = entity ? textOrId(entity.props['identifier']) : null;
  if (identifier) {
    const fromId = spdxFromUrl(identifier);
    if (fromId) return { license: fromId, problems: [] };
    if (!URL_LIKE.test(identifier)) return { license: identifier.trim(), problems: [] };
  }
  const suggestion = suggestSpdx(written) ?? (identifier ? suggestSpdx(identifier) : null);
  return {
    license: written,
    problems: [
      {
        code: 'license-not-spdx',
        message: `license "${written}" is not an SPDX identifier; needs review${suggestion ? ` (perhaps ${suggestion})` : ''}`,
        ...(suggestion ? { suggestion } : {}),
      },
    ],
  };
}

export function reportLicenseProblems(read: LicenseRead, entity: string, problems: ProblemList): void {
  for (const p of read.problems) {
    problems.warn(p.code, 'license', p.message, { entity, ...(p.suggestion ? { suggestion: p.suggestion } : {}) });
  }
}
