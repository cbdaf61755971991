import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import { registrySettingsSchema, type RegistrySettings } from '../../common/schemas/registry';
import { writeFileDurable } from '../store/file-io';
import { parseReference } from './reference';

/** The registries set in Settings: `<store>/registries.json` (names and repositories only; never a credential). */
const file = (storeDir: string) => path.join(storeDir, 'registries.json');

export function readRegistrySettings(storeDir: string): RegistrySettings {
  const f = file(storeDir);
  if (!existsSync(f) || statSync(f).size > 256 * 1024) return { registries: [] };
  try {
    const parsed = registrySettingsSchema.safeParse(JSON.parse(readFileSync(f, 'utf8')));
    return parsed.success ? parsed.data : { registries: [] };
  } catch {
    return { registries: [] };
  }
}

/** Each repository must parse as `host[:port]/repository` (no tag), and names are unique; written durably. */
export function saveRegistrySettings(storeDir: string, settings: RegistrySettings): RegistrySettings {
  const names = new Set<string>();
  for (const r of settings.registries) {
    parseReference(r.repository, { requireRepositoryOnly: true });
    if (names.has(r.name.toLowerCase()))
      throw new CodedError('invalid-request', `two registries are called ${JSON.stringify(r.name)}`);
    names.add(r.name.toLowerCase());
  }
  writeFileDurable(file(storeDir), Buffer.from(`${JSON.stringify(settings, null, 2)}\n`, 'utf8'));
  return settings;
}

/** Plain HTTP only where Settings allow it for this repository's registry (loopback never needs it). */
export function plainHttpFor(storeDir: string, reference: string): boolean {
  const host = parseReference(reference.includes('/') ? reference : `${reference}/x`).registry;
  return readRegistrySettings(storeDir).registries.some(
    (r) => r.plainHttp && parseReference(r.repository).registry === host,
  );
}
