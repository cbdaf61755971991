import { decodeManifestPath } from '../integrity/bag-path';

/**
 * Edits to a tag manifest that leave every other line as it was: the text is handled as latin1, so each byte is
 * kept (UTF-8 included), with the byte-order mark and each line's own ending.
 */

export const TAG_MANIFEST = /^tagmanifest-([^/]+)\.txt$/;
const BOM = '\xEF\xBB\xBF'; // UTF-8 byte-order mark, as latin1 characters

export type TagFiles = Map<string, Buffer>;

/** The manifest without the lines naming a path `drop` matches, with `append` (a line, without its end) added. */
export function rewriteManifestLines(
  manifest: Buffer,
  drop: (path: string) => boolean,
  append: string | null = null,
): Buffer {
  let text = manifest.toString('latin1');
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(BOM.length);
  const pieces = splitKeepingEnds(text);
  const kept = pieces.filter((p) => {
    const path = linePath(p.body);
    return path === null || !drop(path);
  });
  if (append === null && kept.length === pieces.length) return manifest;
  const eol = pieces.find((p) => p.eol)?.eol ?? '\n';
  const last = kept[kept.length - 1];
  if (append !== null && last && !last.eol) last.eol = eol;
  return Buffer.from(
    `${bom ? BOM : ''}${kept.map((p) => p.body + p.eol).join('')}${append === null ? '' : append + eol}`,
    'latin1',
  );
}

/**
 * The tag files with every tag manifest line for a tag file they lack removed: an imported bundle keeps only the
 * tag files it can hold (bundle/tag-file-limits.ts), and its exported copy must still verify.
 */
export function withoutUnheldTagLines(tags: TagFiles): TagFiles {
  const out: TagFiles = new Map(tags);
  for (const [name, bytes] of tags)
    if (TAG_MANIFEST.test(name))
      out.set(
        name,
        rewriteManifestLines(bytes, (p) => !tags.has(p)),
      );
  return out;
}

export function splitKeepingEnds(text: string): { body: string; eol: string }[] {
  const pieces: { body: string; eol: string }[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    pieces.push({ body: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) pieces.push({ body: text.slice(start), eol: '' });
  return pieces;
}

/**
 * The path a manifest line names, as the verifier reads it ("*" marker and "./" prefixes dropped, UTF-8 and %0A %0D
 * %25 decoded). A bag declaring ISO-8859-1 may be misread here for non-ASCII names; such a line then counts as naming
 * a file that is not there, which only ever drops it.
 */
export function linePath(body: string): string | null {
  const m = /^[0-9a-fA-F]+[ \t]+(.*)$/.exec(body);
  if (!m) return null;
  return decodeManifestPath(Buffer.from(m[1]!, 'latin1').toString('utf8'))
    .replace(/^\*/, '')
    .replace(/^(\.\/)+/, '');
}
