import { createHash } from 'node:crypto';
import { replacePayloadFiles } from './zip-edit';

type Crate = { '@graph': Record<string, unknown>[] };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface CompareVariant {
  /** A new value for the run parameter C. */
  parameterC?: number;
  /** Replace data/eval/test.csv (same name, other bytes): the loud data-set change. */
  dataFile?: Buffer;
  /** A new numpy version, in the environment file and the pipeline's requirements. */
  numpyVersion?: string;
  /** A new bundle name (the root data set's). */
  name?: string;
  /** The RO-Crate's author (the root's author Person), or null to name none: what a bundle says about itself. */
  author?: { name: string; email: string } | null;
  /** A new pipeline name (the SoftwareApplication the run's instrument names). */
  pipelineName?: string;
  /** A new version of the sample's `training` module. */
  trainingVersion?: string;
  /** The origin eval/test.csv declares (its `url`): where the data came from. */
  dataOrigin?: string;
}

/**
 * A valid variant of the iris sample differing in the chosen ways: edits the payload files, keeps the crate's
 * recorded digests and sizes in step, and lets replacePayloadFiles recompute the manifests.
 */
export async function compareVariant(source: string, target: string, variant: CompareVariant): Promise<void> {
  await replacePayloadFiles(source, target, (read) => {
    const crate = JSON.parse(read('data/ro-crate-metadata.json').toString('utf8')) as Crate;
    const entity = (id: string) => {
      const found = crate['@graph'].find((e) => e['@id'] === id);
      if (!found) throw new Error(`no ${id} in the sample crate`);
      return found;
    };
    const out: Record<string, Buffer> = {};
    if (variant.name !== undefined) entity('./').name = variant.name;
    if (variant.parameterC !== undefined) entity('#param-C').value = variant.parameterC;
    if (variant.pipelineName !== undefined) entity('#pipeline').name = variant.pipelineName;
    if (variant.trainingVersion !== undefined) entity('#module-training').version = variant.trainingVersion;
    if (variant.dataOrigin !== undefined) entity('eval/test.csv').url = variant.dataOrigin;
    if (variant.author !== undefined) {
      const person = entity('mailto:dana.reyes@example.org');
      if (variant.author === null) {
        delete entity('./').author;
        delete entity('#run').agent;
      } else {
        Object.assign(person, {
          '@id': `mailto:${variant.author.email}`,
          name: variant.author.name,
          email: variant.author.email,
        });
        entity('./').author = entity('#run').agent = { '@id': `mailto:${variant.author.email}` };
      }
    }
    if (variant.dataFile) out['data/eval/test.csv'] = variant.dataFile;
    if (variant.numpyVersion) {
      entity('#pkg-numpy').version = variant.numpyVersion;
      const env = JSON.parse(read('data/env/environment.json').toString('utf8'));
      env.packages.numpy = variant.numpyVersion;
      out['data/env/environment.json'] = Buffer.from(JSON.stringify(env, null, 2));
    }
    // The crate records each file's digest and size: keep them equal to the new bytes.
    for (const [dataPath, bytes] of Object.entries(out)) {
      const file = crate['@graph'].find((e) => e['@id'] === dataPath.slice('data/'.length));
      if (file && 'sha256' in file) Object.assign(file, { sha256: sha256(bytes), contentSize: String(bytes.length) });
    }
    out['data/ro-crate-metadata.json'] = Buffer.from(JSON.stringify(crate, null, 2));
    return out;
  });
}

/** The sample's test set with one row's label changed: same name, different digest. */
export function editedTestSet(original: Buffer): Buffer {
  const lines = original.toString('utf8').trimEnd().split('\n');
  lines.push(lines[lines.length - 1]!);
  return Buffer.from(`${lines.join('\n')}\n`);
}
