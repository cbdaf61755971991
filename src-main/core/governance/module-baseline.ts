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

const sameRepository = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : normalizeRepository(a) === normalizeRepository(b);

/** A module's identity is its name and its repository: two `training` modules of two repositories are two modules. */
export function sameModule(
  a: Pick<ModuleVersion, 'name' | 'repository'>,
  b: Pick<ModuleVersion, 'name' | 'repository'>,
): boolean {
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
export function requiredOwners(
  modules: ModuleVersion[],
  baseline: readonly ApprovedModule[] | BaselineIndex,
  moduleOwners: Record<string, string[]>,
  approverEmails: string[],
): ApprovalCheck['requiredOwners'] {
  const index = baseline instanceof BaselineIndex ? baseline : new BaselineIndex(baseline);
  const out: ApprovalCheck['requiredOwners'] = [];
  for (const m of modules) {
    const earlier = index.versionsOf(m);
    if (earlier?.versions.has(m.version)) continue;
    const kin = earlier || !m.repository ? [] : index.namesIn(m.repository);
    const names = [...new Set([m.name, ...kin])];
    const owners = [...new Set(names.flatMap((n) => ownersOf(moduleOwners, n)))].sort();
    if (!earlier && owners.length === 0) continue;
    out.push({
      module: m.name,
      from: earlier ? earlier.last : null,
      to: m.version,
      owners,
      approvedBy: [...new Set(approverEmails.filter((e) => owners.some((o) => sameEmail(o, e))).map(norm))],
    });
  }
  return out;
}

const identityKey = (name: string, repository: string | null) =>
  `${norm(name)}\u0000${repository === null ? '' : `\u0001${normalizeRepository(repository)}`}`;

/**
 * The baseline indexed once (approved versions by module identity, module names by repository), so judging
 * thousands of bundles against hundreds of approved modules does not compare every pair. Append-only, as the
 * sweep grows the baseline in approval order.
 */
export class BaselineIndex {
  private readonly byIdentity = new Map<string, { versions: Set<string | null>; last: string | null }>();
  private readonly byRepository = new Map<string, Set<string>>();

  constructor(baseline: readonly ApprovedModule[] = []) {
    for (const b of baseline) this.add(b);
  }

  add(b: ModuleVersion): void {
    const key = identityKey(b.name, b.repository);
    const seen = this.byIdentity.get(key) ?? { versions: new Set<string | null>(), last: null };
    seen.versions.add(b.version);
    seen.last = b.version;
    this.byIdentity.set(key, seen);
    if (b.repository !== null) {
      const repo = normalizeRepository(b.repository);
      const names = this.byRepository.get(repo) ?? new Set<string>();
      names.add(b.name);
      this.byRepository.set(repo, names);
    }
  }

  /** The approved versions of the same module (and the latest approved), or undefined for a module never approved. */
  versionsOf(
    m: Pick<ModuleVersion, 'name' | 'repository'>,
  ): { versions: ReadonlySet<string | null>; last: string | null } | undefined {
    return this.byIdentity.get(identityKey(m.name, m.repository));
  }

  /** The names of the approved modules of a repository. */
  namesIn(repository: string): string[] {
    return [...(this.byRepository.get(normalizeRepository(repository)) ?? [])];
  }
}

function ownersOf(moduleOwners: Record<string, string[]>, name: string): string[] {
  for (const [module, emails] of Object.entries(moduleOwners)) if (norm(module) === norm(name)) return emails;
  return [];
}
