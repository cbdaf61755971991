/**
 * Text tag files (RFC 8493 §2.3): decoded with the encoding bagit.txt declares, split on LF, CRLF or CR.
 * Decoding is strict: invalid bytes are a finding, never silently replaced.
 */
export type TagDecode = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

export function normalizeEncodingName(name: string): string | null {
  const n = name.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (n === 'iso-8859-1' || n === 'iso8859-1' || n === 'latin1' || n === 'latin-1' || n === 'us-ascii' || n === 'ascii')
    return 'latin1';
  if (n === 'utf-16' || n === 'utf16') return 'utf-16';
  if (n === 'utf-16le') return 'utf-16le';
  if (n === 'utf-16be') return 'utf-16be';
  return null;
}

export function decodeTag(buf: Buffer, encoding: string): TagDecode {
  try {
    if (encoding === 'latin1') return { ok: true, text: buf.toString('latin1'), bom: false };
    if (encoding === 'utf-8') {
      const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? buf.subarray(3) : buf);
      return { ok: true, text, bom };
    }
    let le = encoding === 'utf-16le';
    let body = buf;
    let bom = false;
    if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
      bom = true;
      le = buf[0] === 0xff;
      body = buf.subarray(2);
    } else if (encoding === 'utf-16') {
      return { ok: false, reason: 'UTF-16 without a byte-order mark' };
    }
    if (body.length % 2 !== 0) return { ok: false, reason: 'odd number of bytes for UTF-16' };
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true }).decode(body);
    return { ok: true, text, bom };
  } catch {
    return { ok: false, reason: `bytes that are not valid ${encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'}` };
  }
}

/** Lines without their terminators; a final terminator does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
