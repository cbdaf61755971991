import type { Command } from 'commander';
import type { GlobalOptions } from './output';

/**
 * The CLI's commands, loaded only when asked for (issue 16: `provdesk --help` paid 0.27 s for importing every
 * command and the whole core). `term` and `summary` are what the top-level help prints for each, so the help needs
 * no command module; test/cli/lazy-commands.test.ts keeps them equal to what the modules register. Commands that
 * share a module (push and pull) share its register function, which registers both.
 */

export type Register = (program: Command, globals: () => GlobalOptions) => void;

export interface LazyCommand {
  name: string;
  term: string; // the help's subcommand term: name, [options], arguments
  summary: string; // the command's description
  load: () => Promise<Register>;
}

export const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'verify',
    term: 'verify [options] <bundle>',
    summary:
      'check BagIt structure and fixity, metadata well-formedness and the author signature of a bundle (zip or folder); needs no store',
    load: async () => (await import('./commands/verify')).registerVerify,
  },
  {
    name: 'inspect',
    term: 'inspect <bundle>',
    summary:
      "print a bundle's parsed metadata: the run, its files, modules, environment, replay spec and who signed it",
    load: async () => (await import('./commands/inspect')).registerInspect,
  },
  {
    name: 'import',
    term: 'import <bundle>',
    summary: 'verify a bundle and keep it in the store (content-addressed), with an audit entry',
    load: async () => (await import('./commands/import')).registerImport,
  },
  {
    name: 'list',
    term: 'list [options]',
    summary: 'list the bundles in the store, newest first',
    load: async () => (await import('./commands/list')).registerList,
  },
  {
    name: 'export',
    term: 'export [options] <digest>',
    summary: 'write a stored bundle back out as a zip with the same bundle digest',
    load: async () => (await import('./commands/export')).registerExport,
  },
  {
    name: 'licenses',
    term: 'licenses [options] <bundle>',
    summary: "check every artifact's SPDX license against a policy (default: the shipped policy)",
    load: async () => (await import('./commands/licenses')).registerLicenses,
  },
  {
    name: 'access',
    term: 'access',
    summary: 'grants to restricted and confidential data sets, and the access log',
    load: async () => (await import('./commands/access')).registerAccess,
  },
  {
    name: 'replay',
    term: 'replay [options] <bundle>',
    summary: "re-run a bundle's evaluation on this machine and judge its reported metrics",
    load: async () => (await import('./commands/replay')).registerReplay,
  },
  {
    name: 'audit',
    term: 'audit',
    summary: 'the hash-chained audit log',
    load: async () => (await import('./commands/audit')).registerAudit,
  },
  {
    name: 'identity',
    term: 'identity',
    summary: 'the local signing identity (Ed25519) that approvals are signed with',
    load: async () => (await import('./commands/identity')).registerIdentity,
  },
  {
    name: 'team',
    term: 'team',
    summary: 'the signed team file: members, roles, public keys, module owners, quorums; only its admins change it',
    load: async () => (await import('./commands/team')).registerTeam,
  },
  {
    name: 'approve',
    term: 'approve [options] <digest>',
    summary: 'approve or reject a replication, signed with your identity; says which rule blocks',
    load: async () => (await import('./commands/approve')).registerApprove,
  },
  {
    name: 'attestation',
    term: 'attestation',
    summary: 'signed approval decisions',
    load: async () => (await import('./commands/attestation')).registerAttestation,
  },
  {
    name: 'pack',
    term: 'pack [options] <dir>',
    summary: 'make a bundle from a run folder described by its provenance.yaml',
    load: async () => (await import('./commands/pack')).registerPack,
  },
  {
    name: 'import-mlflow',
    term: 'import-mlflow [options] <path>',
    summary: 'make a bundle from an MLflow run: a run folder, experiment folder or mlruns folder, or an mlflow.db',
    load: async () => (await import('./commands/import-mlflow')).registerImportMlflow,
  },
  {
    name: 'diff',
    term: 'diff [options] <a> <b>',
    summary: 'compare two bundles: parameters, metrics, data sets, environment, modules, licenses',
    load: async () => (await import('./commands/diff')).registerDiff,
  },
  {
    name: 'drift',
    term: 'drift',
    summary: 'drift alerts raised at import: list them, dismiss a false alarm or known change with a reason',
    load: async () => (await import('./commands/drift')).registerDrift,
  },
  {
    name: 'report',
    term: 'report [options] <bundle>',
    summary:
      "write a stored bundle's replication report (hypothesis, data, metrics replayed, licenses, approvals, audit) as HTML",
    load: async () => (await import('./commands/report')).registerReport,
  },
  {
    name: 'sign',
    term: 'sign [options] <bundle>',
    summary:
      'write a copy of a bundle signed as your identity (authorship.dsse.json); the bundle digest stays the same',
    load: async () => (await import('./commands/sign')).registerSign,
  },
  {
    name: 'push',
    term: 'push [options] <bundle> <ref>',
    summary: 'publish a bundle (a .zip, or a stored bundle by digest) to an OCI registry as an artifact',
    load: async () => (await import('./commands/registry')).registerRegistry,
  },
  {
    name: 'pull',
    term: 'pull [options] <ref>',
    summary: 'fetch a bundle from an OCI registry and import it exactly as import does',
    load: async () => (await import('./commands/registry')).registerRegistry,
  },
  {
    name: 'sync',
    term: 'sync [options] <repo>',
    summary:
      "push this store's decisions and a signed audit checkpoint to a registry repository; pull teammates' decisions and checkpoints",
    load: async () => (await import('./commands/registry')).registerSync,
  },
  {
    name: 'registry',
    term: 'registry',
    summary: 'the team registry: what a repository holds',
    load: async () => (await import('./commands/registry')).registerRegistryList,
  },
];

/**
 * The command the arguments name (after the global options; `help X` names X), or null when they name none that
 * exists: --help, --version and an unknown command are answered from the table alone.
 */
export function commandNamed(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--store') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    const name = a === 'help' ? argv[i + 1] : a;
    return COMMANDS.some((c) => c.name === name) ? name! : null;
  }
  return null;
}
