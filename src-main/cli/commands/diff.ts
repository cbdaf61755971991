import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { BundleMetadata } from '../../common/schemas/bundle';
import { diffSections, type CompareReport, type DiffEntry } from '../../common/schemas/compare';
import type { Problem } from '../../common/problem';
import { diffBundles } from '../../core/compare/diff-bundles';
import { compareSide, currentPolicy } from '../../core/services/compare-bundles';
import { getBundle, resolveDigest } from '../../core/services/bundle-queries';
import { verifyBundle } from '../../core/integrity/verify-bundle';
import { readVerifiedMetadata } from '../../core/services/verified-metadata';
import { openStore, type Store } from '../../core/store/store';
import { defaultLicensePolicy } from '../../core/licenses/policy';
import { CliExit, emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';

interface Side {
  digest: string | null;
  metadata: BundleMetadata;
  problems: Problem[];
}

/**
 * `provdesk diff A B [--all]`: A and B are bundle files or folders, or digests (prefixes of 8+ characters)
 * of bundles in the store. Exit 0 whatever the differences: a diff is not a verdict.
 */
export function registerDiff(program: Command, globals: () => GlobalOptions): void {
  program
    .command('diff')
    .description('compare two bundles: parameters, metrics, data sets, environment, modules, licenses')
    .argument('<a>', 'a .zip bundle, a bag folder, or the digest (or 8+ character prefix) of a stored bundle')
    .argument('<b>', 'the bundle to compare it with, likewise')
    .option('--all', 'list unchanged entries too')
    .action(async (a: string, b: string, options: { all?: boolean }) => {
      const opts = globals();
      const dir = storeDirOf(opts);
      const needsStore = ![a, b].every((x) => existsSync(x));
      if (needsStore && !existsSync(dir)) throw new CliExit(exitCode.usage, `${[a, b].find((x) => !existsSync(x))}: no such bundle file, and no store at ${dir} to look a digest up in`);
      const store = existsSync(dir) ? await openStore(dir, { readOnly: true }) : null;
      try {
        const left = await readSide(a, store);
        const right = await readSide(b, store);
        const policy = store ? currentPolicy(store) : defaultLicensePolicy;
        const diff = diffBundles(compareSide(store, left.metadata, left.digest, policy), compareSide(store, right.metadata, right.digest, policy), { all: options.all });
        const report: CompareReport = { bundles: { a: left.digest, b: right.digest }, names: { a: left.metadata.name, b: right.metadata.name }, ...diff };
        const problems = [...left.problems.map((p) => ({ ...p, message: `A: ${p.message}` })), ...right.problems.map((p) => ({ ...p, message: `B: ${p.message}` }))];
        emit(opts, { ...report, problems }, () => humanDiff(report) + problemLines('Problems', problems));
      } finally {
        store?.close();
      }
    });
}

async function readSide(arg: string, store: Store | null): Promise<Side> {
  if (existsSync(arg)) {
    const verified = await verifyBundle(arg, {});
    try {
      const metadata = await readVerifiedMetadata(verified);
      return { digest: verified.report.bundleDigest, metadata, problems: [...verified.report.problems, ...metadata.problems.filter((p) => p.severity !== 'warning')] };
    } catch (error) {
      throw new CliExit(exitCode.usage, `${arg}: cannot read its metadata: ${(error as Error).message}`);
    } finally {
      await verified.cleanup();
    }
  }
  const digest = store ? resolveDigest(store, arg.toLowerCase()) : null;
  if (!digest) throw new CliExit(exitCode.usage, `${arg}: no such bundle file, nor a stored bundle with that digest`);
  return { digest, metadata: getBundle(store!, digest).metadata, problems: [] };
}

const show = (v: DiffEntry['a']) => (v === null ? '—' : typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : String(v));
const marker: Record<DiffEntry['change'], string> = { added: '+', removed: '-', changed: '~', same: ' ' };

/** A compact table per section; loud data changes carry a "!!" marker. */
export function humanDiff(report: CompareReport): string {
  const lines = [`A: ${report.names?.a ?? '?'}  ${report.bundles.a ?? ''}`, `B: ${report.names?.b ?? '?'}  ${report.bundles.b ?? ''}`];
  for (const section of diffSections) {
    const entries = report[section];
    lines.push('', `${section} (${entries.filter((e) => e.change !== 'same').length} different)`);
    if (entries.length === 0) continue;
    const names = entries.map((e) => (e.source ? `${e.name} (${e.source})` : e.name));
    const width = Math.min(40, Math.max(...names.map((n) => n.length)));
    const aWidth = Math.min(32, Math.max(1, ...entries.map((e) => show(e.a).length)));
    entries.forEach((e, i) => {
      const flag = e.loud ? '!!' : ` ${marker[e.change]}`;
      lines.push(`${flag} ${names[i]!.padEnd(width)}  ${show(e.a).padEnd(aWidth)}  →  ${show(e.b)}${e.note ? `   (${e.note})` : ''}`);
    });
  }
  return lines.join('\n');
}
