import type { ModuleEntry } from '../../common/schemas/governance';
import { CodedError } from '../../common/result';
import { appendAudit } from '../audit/audit-log';
import { bundleModuleUses } from '../store/repos/approval-facts-repo';
import type { ReadApi, Store } from '../store/store';
import { allModuleOwners, moduleOwnersOf, replaceOwners } from './team-store';

/** Pipeline modules as the stored bundles declare them: versions, which bundles used each, and owners. */
export function listModules(db: ReadApi): ModuleEntry[] {
  const owners = allModuleOwners(db);
  const modules = new Map<
    string,
    { codeRepository: string | null; versions: Map<string | null, ModuleEntry['versions'][number]['bundles']> }
  >();
  for (const row of bundleModuleUses(db)) {
    for (const m of row.modules) {
      const entry = modules.get(m.name) ?? { codeRepository: null, versions: new Map() };
      entry.codeRepository = m.repository ?? entry.codeRepository;
      const bundles = entry.versions.get(m.version) ?? [];
      bundles.push({ digest: row.digest, name: row.name, pipeline: row.pipeline, importedAt: row.importedAt });
      entry.versions.set(m.version, bundles);
      modules.set(m.name, entry);
    }
  }
  for (const name of Object.keys(owners))
    if (!modules.has(name)) modules.set(name, { codeRepository: null, versions: new Map() });
  return [...modules.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) => ({
      name,
      codeRepository: e.codeRepository,
      owners: owners[name] ?? [],
      versions: [...e.versions.entries()].map(([version, bundles]) => ({ version, bundles })),
    }));
}

const emailPattern = /^[^\s@]+@[^\s@]+$/;

/** Sets a module's owners (replacing them), audited with who was added and removed. */
export function setModuleOwners(store: Store, module: string, emails: string[], actor: string): ModuleEntry {
  const name = module.trim();
  if (!name || name.length > 200) throw new CodedError('invalid-request', 'a module name of 1 to 200 characters');
  const bad = emails.find((e) => !emailPattern.test(e.trim()));
  if (bad !== undefined) throw new CodedError('invalid-request', `${JSON.stringify(bad)} is not an email address`);
  store.transaction((tx) => {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))].sort();
    if (moduleOwnersOf(tx, name).join() === wanted.join()) return; // unchanged: nothing to write or audit
    const { before, after } = replaceOwners(tx, name, emails, actor, tx.now().toISOString());
    appendAudit(tx, {
      actor,
      action: 'module.owners',
      subject: `module/${name}`,
      details: {
        module: name,
        before,
        after,
        added: after.filter((e) => !before.includes(e)),
        removed: before.filter((e) => !after.includes(e)),
      },
    });
  });
  return listModules(store).find((m) => m.name === name)!;
}
