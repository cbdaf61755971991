import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yauzl from 'yauzl';
import type { MetadataInput } from '../../../../../src-main/core/bundle/crate/read-metadata';

/** Test helpers: turn a copied crate folder (or a bag zip) into the reader's input. */
export const FIXTURES = join(__dirname, '../../../../fixtures');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The payload of a crate folder: every file beside and below the metadata file, as 'data/...' paths. */
export function payloadOfFolder(dir: string): MetadataInput['payload'] {
  return walk(dir).map((full) => {
    const bytes = readFileSync(full);
    return { path: 'data/' + relative(dir, full).split('\\').join('/'), size: bytes.length, sha256: sha256(bytes) };
  });
}

/** The payload of a bag zip: the entries under data/. */
export function payloadOfZip(zipPath: string): Promise<MetadataInput['payload']> {
  return new Promise((resolve, reject) => {
    const out: MetadataInput['payload'] = [];
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/') || !entry.fileName.startsWith('data/')) return zip.readEntry();
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return reject(e2 ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const bytes = Buffer.concat(chunks);
            out.push({ path: entry.fileName, size: bytes.length, sha256: sha256(bytes) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

export function crateInput(metadataFile: string, payload: MetadataInput['payload']): MetadataInput {
  return {
    crateJson: readFileSync(metadataFile, 'utf8'),
    replayJson: null,
    environmentJson: null,
    payload,
    weakHashes: false,
  };
}

/** Every crate metadata file under a folder (legacy `.jsonld` included). */
export function findCrates(dir: string): string[] {
  return walk(dir)
    .filter((f) => /ro-crate-metadata\.json(ld)?$/.test(f))
    .map((f) => relative(dir, f).split('\\').join('/'))
    .sort();
}

/** The sample bundle (test/fixtures/iris): payload from its manifest, the three JSON files as text. */
const IRIS = join(FIXTURES, 'iris/bundle');

export function irisInput(): MetadataInput {
  const payload = readFileSync(join(IRIS, 'manifest-sha256.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [sha256, path] = line.split(/\s+/) as [string, string];
      return { path, sha256, size: statSync(join(IRIS, path)).size };
    });
  const text = (p: string) => readFileSync(join(IRIS, 'data', p), 'utf8');
  return {
    crateJson: text('ro-crate-metadata.json'),
    replayJson: text('replay.json'),
    environmentJson: text('env/environment.json'),
    payload,
    weakHashes: false,
  };
}
