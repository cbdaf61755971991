import { createReadStream } from 'node:fs';
import { inputError } from '../replay-error';

/**
 * The tabular replay's csv ingest (issue 16): comma-separated rows read from bytes, the feature columns converted to
 * numbers without making a string per field. A plain decimal (at most 15 significant digits, a power of ten within
 * 10^±22) is exact as mantissa × or ÷ 10^k, both exact doubles and one correctly rounded operation, so it equals
 * what Number() gives; anything else (more digits, an exponent beyond that, "nan", "Infinity", spaces, hex, a quoted
 * field) goes through Number() on the field's text as before. Only the label column becomes a string. Quotes follow
 * RFC 4180 (a quoted field may hold commas, "" and line breaks); empty lines are skipped; a UTF-8 BOM is dropped.
 * Memory: one read chunk plus the partial row carried over.
 */

export interface NumericCsvBatch {
  rows: number;
  features: Float32Array | Float64Array; // rows × width, in `features` order
  labels: string[];
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 10^22
const NAN_TEXT = /^[+-]?nan$/i;

/** Returned by the row parsers when a row runs past the bytes at hand: the caller carries it over to the next chunk. */
const INCOMPLETE = -1;

export interface NumericCsvOptions {
  file: string; // on disk
  label: string; // as shown in messages (data/… path)
  labelColumn: string;
  features: string[] | null; // null: every column but the label, in header order
  batchSize: number;
  type: 'float32' | 'float64';
  chunkBytes?: number;
}

export async function* numericCsvBatches(o: NumericCsvOptions): AsyncGenerator<NumericCsvBatch> {
  const stream = createReadStream(o.file, { highWaterMark: o.chunkBytes ?? 1 << 20 });
  let header: string[] | null = null;
  let slots: Int32Array = new Int32Array(0); // column → feature index, -1 none, -2 the label
  let width = 0;
  const make = () =>
    o.type === 'float32' ? new Float32Array(o.batchSize * width) : new Float64Array(o.batchSize * width);
  let current: Float32Array | Float64Array = new Float32Array(0);
  let labels: string[] = [];
  let rowNo = 0; // data rows, from 1
  let carry: Buffer | null = null;
  let first = true;
  const fieldText: string[] = [];
  // the chunk as a plain Uint8Array: V8 reads its bytes faster than a Buffer's
  let view: Uint8Array = new Uint8Array(0);

  const flush = (): NumericCsvBatch => {
    const n = labels.length;
    const batch = { rows: n, features: n === o.batchSize ? current : current.subarray(0, n * width), labels };
    current = make();
    labels = [];
    return batch;
  };

  const column = (j: number) => header![j] ?? `#${j + 1}`;
  const toNumber = (text: string, j: number, row: number): number => {
    const n = +text;
    if (n !== 0 && n === n) return n;
    if (text.trim() !== '' && (!Number.isNaN(n) || NAN_TEXT.test(text.trim()))) return n;
    throw inputError(
      'replay-not-a-number',
      `${o.label}: row ${row}, column "${column(j)}": ${JSON.stringify(text)} is not a number`,
      o.label,
    );
  };

  /** Reads the header row's fields as text; returns the position after it, or INCOMPLETE. */
  const readHeader = (buf: Buffer, pos: number, end: number, final: boolean): number => {
    fieldText.length = 0;
    const next = textRow(buf, pos, end, final, fieldText, o.label, 1);
    if (next === INCOMPLETE) return INCOMPLETE;
    header = fieldText.slice();
    const labelAt = header.indexOf(o.labelColumn);
    const colErr = (name: string) =>
      inputError('replay-column-missing', `${o.label}: no column "${name}" (columns: ${header!.join(', ')})`, o.label);
    if (labelAt < 0) throw colErr(o.labelColumn);
    const names = o.features ?? header.filter((h) => h !== o.labelColumn);
    slots = new Int32Array(header.length).fill(-1);
    names.forEach((name, k) => {
      const j = header!.indexOf(name);
      if (j < 0) throw colErr(name);
      if (slots[j] !== -1)
        throw inputError('replay-column-missing', `${o.label}: column "${name}" is listed twice in features`, o.label);
      slots[j] = k;
    });
    if (slots[labelAt] !== -1)
      throw inputError('replay-column-missing', `${o.label}: the label "${o.labelColumn}" is also a feature`, o.label);
    slots[labelAt] = -2;
    width = names.length;
    current = make();
    return next;
  };

  /** One data row into the current batch; returns the position after it, or INCOMPLETE. */
  const readRow = (buf: Buffer, pos: number, end: number, final: boolean): number => {
    const at = labels.length * width;
    const cols = slots.length;
    let j = 0;
    let p = pos;
    let label: string | null = null;
    for (;;) {
      if (p >= end && !final) return INCOMPLETE;
      const slot = j < cols ? slots[j]! : -1;
      let fieldEnd: number;
      if (p < end && buf[p] === QUOTE) {
        fieldText.length = 0;
        const after = quotedField(buf, p, end, final, fieldText, o.label, rowNo + 1);
        if (after === INCOMPLETE) return INCOMPLETE;
        fieldEnd = after;
        if (slot >= 0) current[at + slot] = toNumber(fieldText[0]!, j, rowNo + 1);
        else if (slot === -2) label = fieldText[0]!;
      } else {
        let v = Number.NaN;
        let e = p;
        if (slot >= 0) {
          v = scanNumber(view, p, end); // one pass: the number is read while its end is found
          e = scanEnd;
        }
        while (e < end) {
          const c = view[e]!;
          if (c === COMMA || c === LF || c === CR) break;
          e++;
          v = Number.NaN; // more than a plain decimal: Number() decides
        }
        if (e >= end && !final) return INCOMPLETE;
        fieldEnd = e;
        if (slot >= 0) current[at + slot] = v === v ? v : toNumber(buf.toString('utf8', p, e), j, rowNo + 1);
        else if (slot === -2) label = buf.toString('utf8', p, e);
      }
      j++;
      p = fieldEnd;
      if (p < end && buf[p] === COMMA) {
        p++;
        continue;
      }
      // end of row: \n, \r\n, a lone \r, or the end of the file
      if (p < end && buf[p] === CR) {
        if (p + 1 >= end && !final) return INCOMPLETE;
        p += p + 1 < end && buf[p + 1] === LF ? 2 : 1;
      } else if (p < end) p++;
      break;
    }
    rowNo++;
    if (j !== cols)
      throw inputError('csv-ragged', `${o.label}: row ${rowNo + 1} has ${j} fields, the header has ${cols}`, o.label);
    const text = label === null ? '' : label.trim();
    if (text === '')
      throw inputError(
        'replay-label-missing',
        `${o.label}: row ${rowNo}: no value for label "${o.labelColumn}"`,
        o.label,
      );
    labels.push(text);
    return p;
  };

  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      const buf: Buffer = carry ? Buffer.concat([carry, piece]) : piece;
      view = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      carry = null;
      let pos = 0;
      if (first) {
        if (buf.length < 3 && !buf.includes(LF)) {
          carry = buf;
          continue;
        }
        first = false;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      }
      const end = buf.length;
      for (;;) {
        while (pos < end && (buf[pos] === LF || buf[pos] === CR)) pos++; // empty lines
        if (pos >= end) break;
        const next = header === null ? readHeader(buf, pos, end, false) : readRow(buf, pos, end, false);
        if (next === INCOMPLETE) break;
        pos = next;
        if (labels.length === o.batchSize) yield flush();
      }
      if (pos < end) carry = buf.subarray(pos);
    }
    if (carry) {
      const buf = carry;
      view = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      let pos = 0;
      if (first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      const end = buf.length;
      for (;;) {
        while (pos < end && (buf[pos] === LF || buf[pos] === CR)) pos++;
        if (pos >= end) break;
        pos = header === null ? readHeader(buf, pos, end, true) : readRow(buf, pos, end, true);
        if (labels.length === o.batchSize) yield flush();
      }
    }
  } finally {
    stream.destroy();
  }
  if (header === null)
    throw inputError('table-empty', `${o.label}: the file is empty (a header row is expected)`, o.label);
  if (labels.length > 0) yield flush();
  if (rowNo === 0) throw inputError('table-empty', `${o.label}: no data rows`, o.label);
}

/** Where the last scanNumber stopped (module state: no object per field on the hot path). */
let scanEnd = 0;

/**
 * The longest plain decimal at buf[s..end): [+-]digits[.digits]([eE][+-]digits); sets scanEnd after it. NaN when the
 * fast path does not apply (no digits, a mantissa of 10^15 or more, a power of ten beyond 10^±22): the caller
 * then uses Number() on the field's text, so a value taken from here always equals Number(text).
 */
function scanNumber(buf: Uint8Array, s: number, end: number): number {
  let p = s;
  let negative = false;
  let c = p < end ? buf[p]! : 0;
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    p++;
  }
  // mantissa * 10 + d is exact while below 2^53; it only grows, so a final mantissa below 10^15 was exact all along
  let mantissa = 0;
  let scale = 0;
  const first = p;
  while (p < end) {
    const d = buf[p]! - ZERO;
    if (d >>> 0 > 9) break;
    mantissa = mantissa * 10 + d;
    p++;
  }
  let digits = p - first;
  if (p < end && buf[p] === DOT) {
    p++;
    const from = p;
    while (p < end) {
      const d = buf[p]! - ZERO;
      if (d >>> 0 > 9) break;
      mantissa = mantissa * 10 + d;
      p++;
    }
    scale = from - p;
    digits += p - from;
  }
  c = p < end ? buf[p]! : 0;
  if (c === 101 || c === 69) {
    p++;
    let expNegative = false;
    c = p < end ? buf[p]! : 0;
    if (c === MINUS || c === PLUS) {
      expNegative = c === MINUS;
      p++;
    }
    let exp = 0;
    let expDigits = 0;
    while (p < end) {
      const d = buf[p]! - ZERO;
      if (d < 0 || d > 9) break;
      if (exp < 10_000) exp = exp * 10 + d;
      expDigits++;
      p++;
    }
    scanEnd = p;
    if (expDigits === 0) return Number.NaN;
    scale += expNegative ? -exp : exp;
  }
  scanEnd = p;
  if (digits === 0 || mantissa >= 1e15) return Number.NaN;
  let v: number;
  if (mantissa === 0) v = 0;
  else if (scale >= 0 && scale <= 22) v = mantissa * POW10[scale]!;
  else if (scale < 0 && scale >= -22) v = mantissa / POW10[-scale]!;
  else return Number.NaN;
  return negative ? -v : v;
}

/** The value of bytes [s, e) when they are exactly one plain decimal the fast path takes, else NaN. */
export function fastNumber(buf: Uint8Array, s: number, e: number): number {
  const v = scanNumber(buf, s, e);
  return scanEnd === e ? v : Number.NaN;
}

/**
 * A quoted field at buf[p] === '"': its unescaped text into out[0]; the position after the closing quote, or
 * INCOMPLETE.
 */
function quotedField(
  buf: Buffer,
  p: number,
  end: number,
  final: boolean,
  out: string[],
  label: string,
  row: number,
): number {
  let q = p + 1;
  let text = '';
  let from = q;
  for (;;) {
    const at = buf.indexOf(QUOTE, q);
    if (at < 0 || at >= end) {
      if (!final) return INCOMPLETE;
      throw inputError('csv-invalid', `${label}: row ${row}: a quoted field has no closing quote`, label);
    }
    if (at + 1 < end && buf[at + 1] === QUOTE) {
      text += buf.toString('utf8', from, at + 1);
      q = from = at + 2;
      continue;
    }
    if (at + 1 >= end && !final) return INCOMPLETE;
    text += buf.toString('utf8', from, at);
    const next = at + 1;
    if (next < end && buf[next] !== COMMA && buf[next] !== LF && buf[next] !== CR) {
      throw inputError('csv-invalid', `${label}: row ${row}: text after the closing quote of a quoted field`, label);
    }
    out.push(text);
    return next;
  }
}

/** A whole row's fields as text (the header); the position after it, or INCOMPLETE. */
function textRow(
  buf: Buffer,
  pos: number,
  end: number,
  final: boolean,
  out: string[],
  label: string,
  row: number,
): number {
  let p = pos;
  for (;;) {
    if (p < end && buf[p] === QUOTE) {
      const after = quotedField(buf, p, end, final, out, label, row);
      if (after === INCOMPLETE) return INCOMPLETE;
      p = after;
    } else {
      let e = p;
      while (e < end && buf[e] !== COMMA && buf[e] !== LF && buf[e] !== CR) e++;
      if (e >= end && !final) return INCOMPLETE;
      out.push(buf.toString('utf8', p, e));
      p = e;
    }
    if (p < end && buf[p] === COMMA) {
      p++;
      continue;
    }
    if (p < end && buf[p] === CR) {
      if (p + 1 >= end && !final) return INCOMPLETE;
      p += p + 1 < end && buf[p + 1] === LF ? 2 : 1;
    } else if (p < end) p++;
    return p;
  }
}
