import type { ApprovalCheck } from '../../common/schemas/governance';

/**
 * Module ownership keyed on the module's identity, not on the pipeline a bundle says it belongs to: a module
 * version needs its owners' approval unless that version of the same module was already approved in some
 * bundle, whatever the bundle or its pipeline is called.
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

/**
 * The same module when the names agree or the repositories do: renaming a module, or pointing it at another
 * repository, does not make its changes new.
 */
export function sameModule(a: Pick<ModuleVersion, 'name' | 'repository'>, b: Pick<ModuleVersion, 'name' | 'repository'>): boolean {
  if (norm(a.name) === norm(b.name)) return true;
  return !!a.repository && !!b.repository && normalizeRepository(a.repository) === normalizeRepository(b.repository);
}

const sameEmail = (a: string, b: string) => norm(a) === norm(b);

/**
 * The modules whose version is not among the approved versions of the same module, with their owners (the
 * owners of every name the module went by) and who among `approverEmails` owns them. A module never approved
 * before needs its owners when it has any; one without any owner passes (nobody to ask), a changed one without
 * an owner blocks (see the rule).
 */
export function requiredOwners(modules: ModuleVersion[], baseline: ApprovedModule[], moduleOwners: Record<string, string[]>, approverEmails: string[]): ApprovalCheck['requiredOwners'] {
  const out: ApprovalCheck['requiredOwners'] = [];
  for (const m of modules) {
    const earlier = baseline.filter((b) => sameModule(b, m));
    if (earlier.some((b) => b.version === m.version)) continue;
    const names = [...new Set([m.name, ...earlier.map((b) => b.name)])];
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
