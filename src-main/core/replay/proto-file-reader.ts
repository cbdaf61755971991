import { readSync } from 'node:fs';

/**
 * Protobuf wire format read straight from a file through a small window, so a field can be stepped over by its
 * length without being read: the parent process never holds a model's tensor data (issue 13). Every read is
 * bounded by the end of the message it belongs to; anything malformed throws WireError.
 */

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

export class WireError extends Error {}

/** Groups (proto2's deprecated nested form) inside groups deeper than this are refused rather than recursed into. */
const MAX_GROUP_DEPTH = 32;

export class ProtoFileReader {
  pos = 0;
  private readonly window: Buffer;
  private windowStart = 0; // file offset of window[0]
  private windowEnd = 0; // file offset just past the window's last valid byte

  constructor(
    private readonly fd: number,
    readonly size: number,
    windowBytes = 64 * 1024,
  ) {
    this.window = Buffer.alloc(windowBytes);
  }

  /** Calls `onField(field, wireType)` for each field up to `end`; the callback reads the value or calls skip(). */
  fields(end: number, onField: (field: number, wire: number) => void): void {
    while (this.pos < end) {
      const tag = this.varint(end);
      const field = Math.floor(tag / 8);
      if (field === 0) throw new WireError('a field numbered 0');
      onField(field, tag % 8);
    }
    if (this.pos !== end) throw new WireError('a field runs past the end of its message');
  }

  /** The end offset of the length-delimited value at pos (a sub-message), checked against its parent's end. */
  lengthEnd(wire: number, end: number): number {
    if (wire !== WIRE.bytes) throw new WireError(`wire type ${wire} where a length-delimited field was expected`);
    const length = this.varint(end);
    if (length > end - this.pos) throw new WireError('a field is longer than the message holding it');
    return this.pos + length;
  }

  /** A string field: at most `max` bytes are read (the rest skipped); `truncated` says whether it was longer. */
  string(wire: number, end: number, max: number): { text: string; truncated: boolean } {
    const stop = this.lengthEnd(wire, end);
    const length = stop - this.pos;
    const bytes = this.bytes(Math.min(length, max));
    this.pos = stop;
    return { text: new TextDecoder().decode(bytes), truncated: length > max };
  }

  /** A varint as a number: exact up to 2^53, which tags, lengths and enums stay within. */
  varint(end: number): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= end) throw new WireError('a number runs past the end of its message');
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    throw new WireError('a number longer than 10 bytes');
  }

  /** A varint as a signed 64-bit integer (int64 fields), exact. */
  int64(end: number): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= end) throw new WireError('a number runs past the end of its message');
      const b = this.byte();
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, value);
    }
    throw new WireError('a number longer than 10 bytes');
  }

  /** Steps over one field's value without reading it (length-delimited values by their length). */
  skip(wire: number, end: number, field = 0, depth = 0): void {
    switch (wire) {
      case WIRE.varint:
        this.varint(end);
        return;
      case WIRE.fixed64:
        return this.advance(8, end);
      case WIRE.fixed32:
        return this.advance(4, end);
      case WIRE.bytes:
        this.pos = this.lengthEnd(wire, end);
        return;
      case WIRE.startGroup:
        return this.skipGroup(field, end, depth);
      default:
        throw new WireError(`wire type ${wire} out of place`);
    }
  }

  private skipGroup(field: number, end: number, depth: number): void {
    if (depth >= MAX_GROUP_DEPTH) throw new WireError(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
    for (;;) {
      const tag = this.varint(end);
      const inner = Math.floor(tag / 8);
      if (tag % 8 === WIRE.endGroup) {
        if (inner !== field) throw new WireError('a group ends with the wrong field number');
        return;
      }
      this.skip(tag % 8, end, inner, depth + 1);
    }
  }

  private advance(n: number, end: number): void {
    if (n > end - this.pos) throw new WireError('a field runs past the end of its message');
    this.pos += n;
  }

  private byte(): number {
    if (this.pos < this.windowStart || this.pos >= this.windowEnd) this.fill();
    return this.window[this.pos++ - this.windowStart]!;
  }

  private fill(): void {
    const n = this.pos < this.size ? readSync(this.fd, this.window, 0, this.window.length, this.pos) : 0;
    if (n <= 0) throw new WireError('the file ends in the middle of a field');
    this.windowStart = this.pos;
    this.windowEnd = this.pos + n;
  }

  /** `n` bytes from pos, copied (callers bound n). */
  private bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n;) {
      if (this.pos < this.windowStart || this.pos >= this.windowEnd) this.fill();
      const from = this.pos - this.windowStart;
      const take = Math.min(n - i, this.windowEnd - this.pos);
      this.window.copy(out, i, from, from + take);
      i += take;
      this.pos += take;
    }
    return out;
  }
}
