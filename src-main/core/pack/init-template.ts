import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import { appRoot } from '../app-paths';
import { PROVENANCE_FILE } from './provenance-yaml';

export function templatePath(): string {
  return path.join(appRoot(), 'assets', 'provenance.yaml.template');
}

/** `provdesk pack --init DIR`: writes the commented template as DIR/provenance.yaml; never overwrites one. */
export async function initProvenance(dir: string): Promise<string> {
  const target = path.join(path.resolve(dir), PROVENANCE_FILE);
  const template = await fsp.readFile(templatePath());
  await fsp.mkdir(path.dirname(target), { recursive: true });
  try {
    await fsp.writeFile(target, template, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CodedError('invalid-request', `${target} already exists; it is not overwritten`, { path: target });
    throw new CodedError('io-error', `cannot write ${target}: ${(e as Error).message}`);
  }
  return target;
}
