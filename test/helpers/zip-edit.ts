import yauzl from 'yauzl';
import yazl from 'yazl';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

async function readAll(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z as yauzl.ZipFile))),
  );
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
export async function rewriteZip(
  source: string,
  target: string,
  edit: (entries: Map<string, Buffer>) => void,
): Promise<void> {
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

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The crate records each file's digest and size (BUNDLE-FORMAT: they must equal the manifest's): when files are
 * replaced, the crate (the one given among the replacements, else the bag's own) is brought in step with them.
 * A crate that is not a JSON-LD graph is left as given: the tests that write one mean it.
 */
function withCrateInStep(replacements: Record<string, Buffer>, current: Buffer | undefined): Record<string, Buffer> {
  const cratePath = 'data/ro-crate-metadata.json';
  const source = replacements[cratePath] ?? current;
  const others = Object.entries(replacements).filter(([p]) => p !== cratePath);
  if (!source || others.length === 0) return replacements;
  let crate: { '@graph'?: Record<string, unknown>[] };
  try {
    crate = JSON.parse(source.toString('utf8')) as typeof crate;
  } catch {
    return replacements;
  }
  if (!Array.isArray(crate['@graph'])) return replacements;
  let changed = false;
  for (const [dataPath, bytes] of others) {
    const entity = crate['@graph'].find((e) => e['@id'] === dataPath.slice('data/'.length));
    if (entity && 'sha256' in entity && entity['sha256'] !== sha256(bytes)) {
      Object.assign(entity, { sha256: sha256(bytes), contentSize: String(bytes.length) });
      changed = true;
    }
  }
  return changed ? { ...replacements, [cratePath]: Buffer.from(JSON.stringify(crate, null, 2)) } : replacements;
}

/**
 * Replaces payload files (paths under data/, as in the manifest) and recomputes their manifest lines, the
 * Payload-Oxum and the tag manifest, so the changed bag still verifies: a valid bundle with other content.
 */
export async function replacePayloadFiles(
  source: string,
  target: string,
  replace: (read: (dataPath: string) => Buffer) => Record<string, Buffer>,
): Promise<void> {
  await rewriteZip(source, target, (entries) => {
    const names = [...entries.keys()];
    const prefix = (names.find((n) => n.endsWith('bagit.txt')) ?? 'bagit.txt').replace(/bagit\.txt$/, '');
    const get = (rel: string) => {
      const b = entries.get(prefix + rel);
      if (!b) throw new Error(`${prefix + rel} is not in ${source}`);
      return b;
    };
    let manifest = get('manifest-sha256.txt').toString('utf8');
    const replacements = withCrateInStep(replace(get), entries.get(`${prefix}data/ro-crate-metadata.json`));
    for (const [dataPath, content] of Object.entries(replacements)) {
      entries.set(prefix + dataPath, content);
      const line = new RegExp(`^[0-9a-f]{64}(\\s+${dataPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})$`, 'm');
      manifest = line.test(manifest)
        ? manifest.replace(line, `${sha256(content)}$1`)
        : `${manifest}${sha256(content)}  ${dataPath}\n`;
    }
    entries.set(prefix + 'manifest-sha256.txt', Buffer.from(manifest));
    const payload = [...entries.keys()].filter((n) => n.startsWith(`${prefix}data/`) && !n.endsWith('/'));
    const bytes = payload.reduce((sum, n) => sum + (entries.get(n)?.length ?? 0), 0);
    const bagInfo = get('bag-info.txt')
      .toString('utf8')
      .replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${bytes}.${payload.length}`);
    entries.set(prefix + 'bag-info.txt', Buffer.from(bagInfo));
    const tag =
      ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt'].map((rel) => `${sha256(get(rel))}  ${rel}`).join('\n') +
      '\n';
    entries.set(prefix + 'tagmanifest-sha256.txt', Buffer.from(tag));
  });
}
