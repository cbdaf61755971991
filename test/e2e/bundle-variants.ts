import { replacePayloadFiles } from '../helpers/zip-edit';

/**
 * Builds a valid variant of a bundle with other metadata: edits data/ro-crate-metadata.json, then
 * recomputes its manifest line, the Payload-Oxum and the tag manifest, so the bag still verifies.
 */
export async function writeVariant(
  source: string,
  target: string,
  edit: (crate: { '@graph': Record<string, unknown>[] }) => void,
): Promise<void> {
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8'));
    edit(crate);
    return { 'data/ro-crate-metadata.json': Buffer.from(JSON.stringify(crate, null, 2)) };
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
