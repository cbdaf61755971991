/**
 * The one CSV writer of the app and the CLI (RFC 4180). Every text cell is untrusted (bundle names, paths, actors,
 * metric keys): a spreadsheet runs a cell that starts with = + - @ (or a tab or CR before them) as a formula, so
 * such text is written with a leading apostrophe (OWASP's CSV injection advice). Numbers are written as numbers.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would run as a formula, made inert with a leading apostrophe. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: text neutralised, then quoted when it holds a comma, quote, CR or LF, edge spaces (or when asked). */
export function csvField(value: CsvValue, alwaysQuote = false): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? numberText(value) : neutralizeFormula(value);
  if (alwaysQuote || /[",\r\n]/.test(s) || s !== s.trim()) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

// Non-finite numbers as pandas and MLflow write them.
function numberText(n: number): string {
  return Number.isNaN(n) ? 'nan' : n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n);
}

export interface CsvRowOptions {
  quoted?: ReadonlySet<number>; // columns always quoted (e.g. one holding JSON)
  eol?: '\r\n' | '\n'; // RFC 4180 says CRLF; a file kept inside a bundle may use LF
}

export function csvRow(fields: readonly CsvValue[], options: CsvRowOptions = {}): string {
  const quoted = options.quoted ?? new Set<number>();
  return `${fields.map((f, i) => csvField(f, quoted.has(i))).join(',')}${options.eol ?? '\r\n'}`;
}
