import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import type { ReplayOutcomeView } from '../../common/schemas/replay';
import { localActor } from '../../core/services/app-paths';
import { resolveDigest } from '../../core/services/bundle-queries';
import { replayBundleFile, replayStoredBundle } from '../../core/services/replay-bundle';
import { CliExit, emit, exitCode, problemLines, progressReporter, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';
import { cliReplayRecorder, type CliReplayRecorder } from '../replay-recorder';
import { parsePositive } from './verify';

interface ReplayOptions {
  batchSize?: number;
  threads?: number;
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
    .option('--batch-size <n>', 'rows per inference batch (default: what replay.json says)', (v) => parsePositive(v, '--batch-size'))
    .option('--threads <n>', 'inference threads (default 1)', (v) => parsePositive(v, '--threads'))
    .option('--override <reason>', 'use restricted or confidential data of a stored bundle without a grant; the reason is audited')
    .action(async (bundle: string, options: ReplayOptions) => {
      const opts = globals();
      const report = progressReporter(!opts.json);
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      const run = { batchSize: options.batchSize, threads: options.threads, signal: controller.signal, onRows: report && ((rows: number) => report(`replaying: ${rows} rows`)) };
      try {
        let result: { bundleDigest: string | null; replayId?: string; outcome: ReplayOutcomeView; problems: Problem[] };
        let recorder: CliReplayRecorder | null = null;
        if (!existsSync(bundle) && /^[0-9a-f]{8,64}$/.test(bundle)) {
          const storeDir = storeDirOf(opts);
          if (!existsSync(storeDir)) throw new CliExit(exitCode.usage, `${bundle} is neither a file nor a folder, and there is no store at ${storeDir} to look it up in`);
          result = await withStore(opts, async (store) => {
            const digest = resolveDigest(store, bundle);
            if (!digest) throw new CliExit(exitCode.usage, `${bundle} is neither a file nor a folder, nor a bundle in the store at ${store.dir}`);
            const record = await replayStoredBundle(store, digest, { ...run, actor: localActor(), override: options.override });
            return { bundleDigest: digest, replayId: record.id, outcome: record.outcome, problems: [] };
          });
        } else {
          recorder = cliReplayRecorder(opts, options.override);
          result = await replayBundleFile(path.resolve(bundle), { ...run, recorder });
        }
        if (report) process.stderr.write('\n');
        const { outcome } = result;
        const kept = recordingLine(bundle, result, recorder, opts.store);
        emit(opts, replayJson(result), () => humanReport(bundle, outcome) + (kept ? `\n\n${kept}` : '') + problemLines('Problems', result.problems));
        process.exitCode = outcome.verdict === 'reproduced' ? exitCode.ok : outcome.verdict === 'not-reproduced' || result.problems.length > 0 ? exitCode.negative : exitCode.failed;
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

/** CLI.md's fields first, then what this command adds (the digest, the stored replay's id, resources, problems). */
function replayJson(r: { bundleDigest: string | null; replayId?: string; outcome: ReplayOutcomeView; problems: Problem[] }): Record<string, unknown> {
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
function recordingLine(bundle: string, r: { bundleDigest: string | null; replayId?: string }, recorder: CliReplayRecorder | null, store: string | undefined): string {
  if (r.replayId) return `Recorded as replay ${r.replayId} of bundle ${r.bundleDigest} in the store.`;
  if (!recorder?.missed || !r.bundleDigest) return '';
  const provdesk = store ? `provdesk --store ${quoted(store)}` : 'provdesk';
  return `Not recorded: ${recorder.missed}. To keep a replay for approval: ${provdesk} import ${quoted(bundle)}, then ${provdesk} replay ${r.bundleDigest}`;
}

function quoted(arg: string): string {
  return /^[\w./:@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const heads = { reproduced: 'REPRODUCED', 'not-reproduced': 'NOT REPRODUCED', failed: 'FAILED' } as const;

export function humanReport(bundle: string, o: ReplayOutcomeView): string {
  const lines = [`${heads[o.verdict]}: ${bundle}`, `  ${o.reason}`];
  if (o.metrics.length > 0) {
    const rows = [['metric', 'reported', 'replayed', 'delta', 'tolerance', 'pass'], ...o.metrics.map((m) => [
      m.name,
      num(m.reported),
      num(m.replayed),
      m.delta === null ? '-' : signed(m.delta),
      `abs ${m.tolerance.abs}, rel ${m.tolerance.rel}`,
      m.pass ? 'yes' : `NO: ${m.reason ?? 'failed'}`,
    ])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    lines.push('', ...rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`));
  }
  if (o.predictions) lines.push('', `  recorded predictions: ${o.predictions.rows} rows, ${o.predictions.disagreements} disagree`);
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
