/** One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF (or when asked), quotes doubled. */
export function csvField(value: string | number, alwaysQuote = false): string {
  const s = String(value);
  if (alwaysQuote || /[",\r\n]/.test(s) || s !== s.trim()) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function csvRow(fields: readonly (string | number)[], quoted: ReadonlySet<number> = new Set()): string {
  return `${fields.map((f, i) => csvField(f, quoted.has(i))).join(',')}\r\n`;
}
