import type { Command } from 'commander';
import { diffSections, type CompareReport, type DiffEntry } from '../../common/schemas/compare';
import { compareBundleSources } from '../../core/services/bundle-files';
import { emit, problemLines, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';

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
      const { problems, ...report } = await compareBundleSources(storeDirOf(opts), a, b, { all: options.all });
      emit(opts, { ...report, problems }, () => humanDiff(report) + problemLines('Problems', problems));
    });
}

const show = (v: DiffEntry['a']) =>
  v === null ? '—' : typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : String(v);
const marker: Record<DiffEntry['change'], string> = { added: '+', removed: '-', changed: '~', same: ' ' };

/** A compact table per section; loud data changes carry a "!!" marker. */
export function humanDiff(report: CompareReport): string {
  const lines = [
    `A: ${report.names?.a ?? '?'}  ${report.bundles.a ?? ''}`,
    `B: ${report.names?.b ?? '?'}  ${report.bundles.b ?? ''}`,
  ];
  for (const section of diffSections) {
    const entries = report[section];
    lines.push('', `${section} (${entries.filter((e) => e.change !== 'same').length} different)`);
    if (entries.length === 0) continue;
    const names = entries.map((e) => (e.source ? `${e.name} (${e.source})` : e.name));
    const width = Math.min(40, Math.max(...names.map((n) => n.length)));
    const aWidth = Math.min(32, Math.max(1, ...entries.map((e) => show(e.a).length)));
    entries.forEach((e, i) => {
      const flag = e.loud ? '!!' : ` ${marker[e.change]}`;
      lines.push(
        `${flag} ${names[i]!.padEnd(width)}  ${show(e.a).padEnd(aWidth)}  →  ${show(e.b)}${e.note ? `   (${e.note})` : ''}`,
      );
    });
  }
  return lines.join('\n');
}
