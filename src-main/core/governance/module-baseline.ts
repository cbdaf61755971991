import type { ApprovalCheck } from '../../common/schemas/governance';

/**
 * Module ownership keyed on the module's identity (its name and repository), not on the pipeline a bundle says it
 * belongs to: a module version needs its owners' approval unless that version of the same module was already
 * approved in some bundle, whatever the bundle or its pipeline is called.
 */

export interface ModuleVersion {
  name: string;
  repository: string | null; // codeRepository
  version: string | null;
}

/** One module of a bundle whose approval held; the baseline is these, in the order they were approved. */
export interface ApprovedModule extends ModuleVersion {
  digest: string;
}

const norm = (s: string) => s.trim().toLowerCase();

/** `https://github.com/x/y.git`, `git@github.com:x/y` and `github.com/x/y/` name the same repository. */
export function normalizeRepository(url: string): string {
  return norm(url)
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^@/]+@([^:/]+):/, '$1/')
    .replace(/^[^@/]+@/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

const sameRepository = (a: string | null, b: string | null) => (a === null || b === null ? a === b : normalizeRepository(a) === normalizeRepository(b));

/** A module's identity is its name and its repository: two `training` modules of two repositories are two modules. */
export function sameModule(a: Pick<ModuleVersion, 'name' | 'repository'>, b: Pick<ModuleVersion, 'name' | 'repository'>): boolean {
  return norm(a.name) === norm(b.name) && sameRepository(a.repository, b.repository);
}

const sameEmail = (a: string, b: string) => norm(a) === norm(b);

/**
 * The modules whose version is not among the approved versions of the same module, with their owners and who
 * among `approverEmails` owns them. A module changed since its approved versions needs its own owners (and
 * blocks, in the rule, when it has none). A module never approved before needs the owners of its name and of
 * every approved module of its repository: renaming a module, or moving a name to another repository, does not
 * make it ownerless. A new module nobody owns passes (there is nobody to ask).
 */
export function requiredOwners(modules: ModuleVersion[], baseline: ApprovedModule[], moduleOwners: Record<string, string[]>, approverEmails: string[]): ApprovalCheck['requiredOwners'] {
  const out: ApprovalCheck['requiredOwners'] = [];
  for (const m of modules) {
    const earlier = baseline.filter((b) => sameModule(b, m));
    if (earlier.some((b) => b.version === m.version)) continue;
    const kin = earlier.length > 0 || !m.repository ? [] : baseline.filter((b) => b.repository !== null && sameRepository(b.repository, m.repository));
    const names = [...new Set([m.name, ...kin.map((b) => b.name)])];
    const owners = [...new Set(names.flatMap((n) => ownersOf(moduleOwners, n)))].sort();
    if (earlier.length === 0 && owners.length === 0) continue;
    out.push({
      module: m.name,
      from: earlier.length > 0 ? (earlier[earlier.length - 1]!.version ?? null) : null,
      to: m.version,
      owners,
      approvedBy: [...new Set(approverEmails.filter((e) => owners.some((o) => sameEmail(o, e))).map(norm))],
    });
  }
  return out;
}

function ownersOf(moduleOwners: Record<string, string[]>, name: string): string[] {
  for (const [module, emails] of Object.entries(moduleOwners)) if (norm(module) === norm(name)) return emails;
  return [];
}
