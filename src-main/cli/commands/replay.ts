import type { Command } from 'commander';
import { contract } from '../../common/contract';
import type { Problem } from '../../common/problem';
import type { ReplayOutcomeView } from '../../common/schemas/replay';
import { workerThreadsSchema } from '../../common/schemas/run-options';
import { localActor } from '../../core/services/app-paths';
import { replayBundleSource, type SourceReplay } from '../../core/services/replay-source';
import { number, parseFlags } from '../flags';
import { emit, exitCode, problemLines, progressReporter, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';

// The app's replay:start fields (batch size, override), and this machine's threads.
const replayFlags = contract['replay:start'].request
  .pick({ batchSize: true, override: true })
  .extend({ threads: workerThreadsSchema.optional() });

interface ReplayOptions {
  batchSize?: string;
  threads?: string;
  override?: string;
}

/**
 * `provdesk replay BUNDLE`: a bundle file or folder (verified first, then replayed from the verified bytes), or a
 * stored bundle's digest (prefix of 8+ hex) when the store has it. A replay of a stored bundle is kept in the store's
 * history, also when it was named by a file whose digest the store holds; the output says whether it was kept.
 * Exit 0 reproduced, 1 not reproduced or the bundle failed verification, 3 the replay could not run.
 */
export function registerReplay(program: Command, globals: () => GlobalOptions): void {
  program
    .command('replay')
    .description("re-run a bundle's evaluation on this machine and judge its reported metrics")
    .argument('<bundle>', 'a .zip bundle, a bag folder, or the digest (8+ hex characters) of a bundle in the store')
    .option('--batch-size <n>', 'rows per inference batch (default: what replay.json says)')
    .option('--threads <n>', 'inference threads (default 1)')
    .option(
      '--override <reason>',
      'use restricted or confidential data of a stored bundle without a grant; the reason is audited',
    )
    .action(async (bundle: string, options: ReplayOptions) => {
      const opts = globals();
      const whole = { expected: 'a positive whole number' };
      const flags = parseFlags(
        replayFlags,
        { batchSize: number(options.batchSize), threads: number(options.threads), override: options.override },
        { batchSize: whole, threads: whole },
      );
      const report = progressReporter(!opts.json);
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      const run = {
        batchSize: flags.batchSize,
        threads: flags.threads,
        signal: controller.signal,
        onRows: report && ((rows: number) => report(`replaying: ${rows} rows`)),
      };
      try {
        const result = await replayBundleSource(storeDirOf(opts), bundle, {
          ...run,
          actor: localActor(),
          ...(flags.override !== undefined ? { override: flags.override } : {}),
        });
        if (report) process.stderr.write('\n');
        const { outcome } = result;
        const kept = recordingLine(bundle, result, opts.store);
        emit(
          opts,
          replayJson(result),
          () => humanReport(bundle, outcome) + (kept ? `\n\n${kept}` : '') + problemLines('Problems', result.problems),
        );
        process.exitCode =
          outcome.verdict === 'reproduced'
            ? exitCode.ok
            : outcome.verdict === 'not-reproduced' || result.problems.length > 0
              ? exitCode.negative
              : exitCode.failed;
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

/** CLI.md's fields first, then what this command adds (the digest, the stored replay's id, resources, problems). */
function replayJson(r: {
  bundleDigest: string | null;
  replayId?: string;
  outcome: ReplayOutcomeView;
  problems: Problem[];
}): Record<string, unknown> {
  const o = r.outcome;
  return {
    verdict: o.verdict,
    reason: o.reason,
    metrics: o.metrics,
    predictions: o.predictions,
    outputSha256: o.outputSha256,
    environment: o.environment,
    durationMs: o.durationMs,
    bundleDigest: r.bundleDigest,
    ...(r.replayId ? { replayId: r.replayId } : {}),
    resources: o.resources,
    problems: r.problems,
  };
}

/** Whether the replay was kept, and how to keep one that was not (approvals need a replay in the store). */
function recordingLine(bundle: string, r: SourceReplay, store: string | undefined): string {
  if (r.replayId) return `Recorded as replay ${r.replayId} of bundle ${r.bundleDigest} in the store.`;
  if (!r.notRecorded || !r.bundleDigest) return '';
  const provdesk = store ? `provdesk --store ${quoted(store)}` : 'provdesk';
  return `Not recorded: ${r.notRecorded}. To keep a replay for approval: ${provdesk} import ${quoted(bundle)}, then ${provdesk} replay ${r.bundleDigest}`;
}

function quoted(arg: string): string {
  return /^[\w./:@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const heads = { reproduced: 'REPRODUCED', 'not-reproduced': 'NOT REPRODUCED', failed: 'FAILED' } as const;

export function humanReport(bundle: string, o: ReplayOutcomeView): string {
  const lines = [`${heads[o.verdict]}: ${bundle}`, `  ${o.reason}`];
  if (o.metrics.length > 0) {
    const rows = [
      ['metric', 'reported', 'replayed', 'delta', 'tolerance', 'pass'],
      ...o.metrics.map((m) => [
        m.name,
        num(m.reported),
        num(m.replayed),
        m.delta === null ? '-' : signed(m.delta),
        `abs ${m.tolerance.abs}, rel ${m.tolerance.rel}`,
        m.pass ? 'yes' : `NO: ${m.reason ?? 'failed'}`,
      ]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    lines.push(
      '',
      ...rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`),
    );
  }
  if (o.predictions)
    lines.push('', `  recorded predictions: ${o.predictions.rows} rows, ${o.predictions.disagreements} disagree`);
  if (o.outputSha256) lines.push(`  output sha256 ${o.outputSha256}`);
  lines.push(`  took ${(o.durationMs / 1000).toFixed(1)} s`);
  const diffs = o.environment.differences;
  if (diffs.length > 0) {
    lines.push('', `Environment differences (${diffs.length}):`);
    for (const d of diffs) lines.push(`  - ${d.name}: recorded ${d.recorded ?? '(none)'}, here ${d.local ?? '(none)'}`);
  }
  return lines.join('\n');
}

function num(v: number | null): string {
  if (v === null) return '-';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function signed(v: number): string {
  if (v === 0) return '0';
  const text = Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return v > 0 ? `+${text}` : text;
}
