/**
 * Text helpers for reports written as HTML. Bundle bytes are hostile: every value goes through `esc`, which
 * makes it inert in element content and in quoted attribute values alike.
 */

export { formatBytes } from '../../common/format-bytes';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// C0/C1 controls (other than tab and newline), lone surrogates and noncharacters are not valid HTML text.
const invalid =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes a value for HTML text or a quoted attribute; null and undefined become an em dash. */
export function esc(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return String(value)
    .replace(invalid, '\uFFFD')
    .replace(/[&<>"'`]/g, (c) => entities[c]!);
}

/** A number as a reviewer reads it: integers whole, others to 8 significant digits; null: not computed. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'n/a';
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(8)));
}

/** A compact one-line rendering of audit details, cut at `max` characters. */
export function compactJson(value: unknown, max = 400): string {
  const s = JSON.stringify(value) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A file-name-safe slug of a bundle name (letters, digits, dashes), at most 60 characters. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/[^a-zA-Z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-$/, '');
  return s || 'bundle';
}

/** The report's file name: the bundle's name and the first 12 hex digits of its digest. */
export function reportFileName(name: string, digest: string, extension: 'html' | 'pdf'): string {
  return `replication-report-${slug(name)}-${digest.slice(0, 12)}.${extension}`;
}
