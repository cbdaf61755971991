import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../common/result';
import {
  registrySettingsSchema,
  type RegistrySettings,
  type RegistrySettingsSave,
} from '../../common/schemas/registry';
import { writeFileDurable } from '../store/file-io';
import { parseReference } from './reference';
import { trustWithCaFile } from './trusted-ca';

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

/**
 * Each repository must parse as `host[:port]/repository` (no tag), and names are unique; written durably. An entry
 * keeps the CA file it had under its name (a save never names one: see setRegistryCaFile).
 */
export function saveRegistrySettings(storeDir: string, next: RegistrySettingsSave): RegistrySettings {
  const caFiles = new Map(readRegistrySettings(storeDir).registries.map((r) => [r.name.toLowerCase(), r.caFile]));
  const settings: RegistrySettings = {
    registries: next.registries.map((r) => {
      const caFile = caFiles.get(r.name.toLowerCase());
      return caFile ? { ...r, caFile } : r;
    }),
  };
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

/**
 * Trusts the CA file at `caFile` (an absolute path the user chose) for the registry entry `name`, or stops trusting
 * it (null). The file must hold parseable PEM certificates: refused here, by name, rather than at the first request.
 */
export function setRegistryCaFile(storeDir: string, name: string, caFile: string | null): RegistrySettings {
  const current = readRegistrySettings(storeDir);
  const entry = current.registries.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!entry) throw new CodedError('not-found', `no registry called ${JSON.stringify(name)} in Settings`);
  if (caFile !== null) {
    if (!path.isAbsolute(caFile))
      throw new CodedError('invalid-request', `the CA file of ${JSON.stringify(name)} must be an absolute path`);
    trustWithCaFile(caFile);
  }
  const settings: RegistrySettings = {
    registries: current.registries.map((r) => {
      if (r !== entry) return r;
      const { caFile: _old, ...rest } = r;
      return caFile === null ? rest : { ...rest, caFile };
    }),
  };
  writeFileDurable(file(storeDir), Buffer.from(`${JSON.stringify(settings, null, 2)}\n`, 'utf8'));
  return settings;
}

/** Plain HTTP only where Settings allow it for this repository's registry (loopback never needs it). */
export function plainHttpFor(storeDir: string, reference: string): boolean {
  return connectionFor(storeDir, reference).plainHttp;
}

/**
 * How Settings say to reach this reference's registry: plain HTTP when allowed for it, and the CA file set for it
 * (the first registry entry on that host that sets one).
 */
export function connectionFor(storeDir: string, reference: string): { plainHttp: boolean; caFile?: string } {
  const host = parseReference(reference.includes('/') ? reference : `${reference}/x`).registry;
  const entries = readRegistrySettings(storeDir).registries.filter(
    (r) => parseReference(r.repository).registry === host,
  );
  const caFile = entries.find((r) => r.caFile)?.caFile;
  return { plainHttp: entries.some((r) => r.plainHttp), ...(caFile ? { caFile } : {}) };
}
