import { createHash } from 'node:crypto';
import { rewriteZip } from '../helpers/zip-edit';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Builds a valid variant of a bundle with other metadata: edits data/ro-crate-metadata.json, then
 * recomputes its manifest line, the Payload-Oxum and the tag manifest, so the bag still verifies.
 */
export async function writeVariant(source: string, target: string, edit: (crate: { '@graph': Record<string, unknown>[] }) => void): Promise<void> {
  await rewriteZip(source, target, (entries) => {
    const names = [...entries.keys()];
    const prefix = names.find((n) => n.endsWith('bagit.txt'))!.replace(/bagit\.txt$/, '');
    const get = (rel: string) => {
      const b = entries.get(prefix + rel);
      if (!b) throw new Error(`${prefix + rel} is not in ${source}`);
      return b;
    };
    const crate = JSON.parse(get('data/ro-crate-metadata.json').toString('utf8'));
    edit(crate);
    const newCrate = Buffer.from(JSON.stringify(crate, null, 2));
    entries.set(prefix + 'data/ro-crate-metadata.json', newCrate);

    const manifest = get('manifest-sha256.txt')
      .toString('utf8')
      .replace(/^[0-9a-f]{64}(\s+data\/ro-crate-metadata\.json)$/m, `${sha256(newCrate)}$1`);
    entries.set(prefix + 'manifest-sha256.txt', Buffer.from(manifest));

    const payload = names.filter((n) => n.startsWith(prefix + 'data/'));
    const bytes = payload.reduce((sum, n) => sum + entries.get(n)!.length, 0);
    const bagInfo = get('bag-info.txt').toString('utf8').replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${bytes}.${payload.length}`);
    entries.set(prefix + 'bag-info.txt', Buffer.from(bagInfo));

    const tag = ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt'].map((rel) => `${sha256(get(rel))}  ${rel}`).join('\n') + '\n';
    entries.set(prefix + 'tagmanifest-sha256.txt', Buffer.from(tag));
  });
}

/** Renames the bundle (the root Dataset's name). */
export function renamedVariant(source: string, target: string, name: string): Promise<void> {
  return writeVariant(source, target, (crate) => {
    const root = crate['@graph'].find((e) => e['@id'] === './');
    if (!root) throw new Error('no root dataset in the crate');
    root.name = name;
  });
}
