import yauzl from 'yauzl';
import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

async function readAll(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z as yauzl.ZipFile))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (e, stream) => {
        if (e || !stream) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** Copies a zip, letting `edit` change, add or drop entries: how tests make tampered bundles. */
export async function rewriteZip(source: string, target: string, edit: (entries: Map<string, Buffer>) => void): Promise<void> {
  const entries = await readAll(source);
  edit(entries);
  const out = new yazl.ZipFile();
  for (const [name, content] of entries) out.addBuffer(content, name);
  out.end();
  await pipeline(out.outputStream, createWriteStream(target));
}

/** Flips one byte of a payload file, keeping the manifests: a checksum mismatch. */
export async function tamperPayload(source: string, target: string, suffix: string): Promise<string> {
  let changed = '';
  await rewriteZip(source, target, (entries) => {
    for (const [name, content] of entries) {
      if (name.endsWith(suffix)) {
        const copy = Buffer.from(content);
        copy[0] = (copy[0] ?? 0) ^ 0x01;
        entries.set(name, copy);
        changed = name;
      }
    }
  });
  if (!changed) throw new Error(`no entry ends with ${suffix}`);
  return changed;
}
