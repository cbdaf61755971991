import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from '../../common/schemas/bundle';
import type { ReplaySpec } from '../bundle/replay-spec';
import { workerScript } from '../worker-script';
import {
  environmentDifferences,
  localEnvironment,
  type EnvironmentDifference,
  type LocalEnvironment,
} from './environment';
import { replayDiagnostics, type ReplayDiagnostics } from './diagnostics';
import { judgeOutputs } from './judge-outputs';
import { inspectModel } from './model-safety';
import type { OnnxSummary } from './onnx-structure';
import { ReplayInputError } from './replay-error';
import { runWorker, type SpawnWorker } from './run-worker';
import { neededPaths, stageFiles } from './staging';
import { planOutput, writeCutModel } from './zipmap-cut';
import { replayVerdict, type MetricJudgement } from './verdict';

export type { LocalEnvironment, EnvironmentDifference } from './environment';

export interface ReplayRequest {
  files: Record<string, string>; // payload path relative to data/ (e.g. 'model/model.onnx') → absolute file to read
  spec: ReplaySpec;
  reported: Record<string, number>; // the run's reported metrics
  recordedEnvironment: Environment | null;
  batchSize?: number;
  threads?: number;
  limits?: { timeoutMs?: number; maxMemoryBytes?: number };
  signal?: AbortSignal;
  workerScript?: string; // default workerScript('replay.worker')
  spawn?: SpawnWorker; // how the worker process starts: child_process.fork by default, utilityProcess in Electron
  onRows?: (rows: number) => void; // progress: rows (or tensor cases) done so far
}

/**
 * CLI.md's `replay` JSON, plus `resources` and the app's `diagnostics` (the CLI prints neither of the latter unasked).
 */
export interface ReplayOutcome {
  verdict: 'reproduced' | 'not-reproduced' | 'failed';
  reason: string;
  metrics: MetricJudgement[];
  predictions: { rows: number; disagreements: number } | null;
  outputSha256: string | null;
  environment: { recorded: Environment | null; local: LocalEnvironment; differences: EnvironmentDifference[] };
  durationMs: number;
  resources: { cpuMs: number; peakRssBytes: number };
  diagnostics?: ReplayDiagnostics; // absent when the replay failed or for tensor tasks
}

export const DEFAULT_REPLAY_LIMITS = { timeoutMs: 10 * 60_000, maxMemoryBytes: 4 * 1024 ** 3 } as const;

/**
 * Re-runs a bundle's evaluation in a separate process and judges the reported metrics. Never throws for a bad
 * bundle: anything that stops the replay (an unsafe model, bad data, a crash, a limit) is verdict 'failed'.
 */
export async function replayBundle(request: ReplayRequest): Promise<ReplayOutcome> {
  const started = performance.now();
  const local = localEnvironment();
  const environment = {
    recorded: request.recordedEnvironment,
    local,
    differences: environmentDifferences(request.recordedEnvironment, local),
  };
  const resources = { cpuMs: 0, peakRssBytes: 0 };
  let dir: string | null = null;
  const failed = (why: string): ReplayOutcome => ({
    verdict: 'failed',
    reason: sentence(why, dir),
    metrics: [],
    predictions: null,
    outputSha256: null,
    environment,
    durationMs: Math.round(performance.now() - started),
    resources,
  });
  const spec = request.spec;
  if (request.signal?.aborted) return failed('The replay was cancelled before it started.');
  try {
    dir = await mkdtemp(path.join(os.tmpdir(), 'provdesk-replay-'));
    await stageFiles(request.files, neededPaths(spec, Object.keys(request.files)), dir);
    const refusals = [];
    let modelClasses: string[] | null = null;
    let summary: OnnxSummary | null = null;
    for (const model of await modelFiles(dir, spec)) {
      const inspected = inspectModel(model, path.dirname(model));
      refusals.push(...inspected.problems);
      modelClasses ??= inspected.classLabels;
      summary ??= inspected.summary;
    }
    if (refusals.length > 0)
      return failed(`The model was refused before running: ${refusals.map((p) => p.message).join('; ')}`);
    if (spec.classes && modelClasses && spec.classes.join('\0') !== modelClasses.join('\0')) {
      return failed(
        `The replay could not run: replay.json classes (${spec.classes.join(', ')}) differ from the class names the model carries (${modelClasses.join(', ')})`,
      );
    }
    modelClasses ??= spec.classes;
    // a converter's ZipMap output is read as the tensor it maps (zipmap-cut.ts), its keys the class names
    const plan = planOutput(spec, summary);
    if (plan.zipMap) {
      await writeCutModel(
        path.join(dir, ...spec.model.split('/')),
        path.join(dir, ...plan.spec.model.split('/')),
        plan.zipMap.input,
      );
      modelClasses = plan.zipMap.classes ?? modelClasses;
    }
    const script = request.workerScript ?? workerScript('replay.worker');
    const job = {
      root: dir,
      spec: plan.spec,
      modelClasses,
      batchSize: request.batchSize ?? spec.batchSize,
      threads: request.threads ?? 1,
    };
    const limits = { ...DEFAULT_REPLAY_LIMITS, ...request.limits };
    const outcome = await runWorker(script, job, limits, request.signal, request.onRows, request.spawn);
    resources.cpuMs = Math.round(outcome.cpuMs);
    resources.peakRssBytes = outcome.peakRssBytes;
    if (!outcome.ok)
      return failed(
        `The replay could not run: ${outcome.reason.trim().replace(/\.+$/, '')}${unreadableOutputAdvice(outcome.reason, plan.spec, summary)}`,
      );
    request.onRows?.(outcome.result.rows);
    const metrics = judgeOutputs(spec, outcome.result, request.reported);
    const predictions =
      outcome.result.kind === 'tensor' || outcome.result.kind === 'probe' ? null : outcome.result.predictions;
    const { verdict, reason } = replayVerdict(metrics, predictions);
    const diagnostics = replayDiagnostics(outcome.result);
    return {
      verdict,
      reason,
      metrics,
      predictions,
      outputSha256: outcome.result.outputSha256,
      environment,
      durationMs: Math.round(performance.now() - started),
      resources,
      ...(diagnostics ? { diagnostics } : {}),
    };
  } catch (e) {
    if (e instanceof ReplayInputError) return failed(`The replay could not run: ${e.message}`);
    return failed(`The replay could not run: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * What to do when the runtime cannot hand back the output the replay reads (issue 17): a converter wrote it as a
 * sequence or map ONNX Runtime's Node binding cannot return ("Non tensor type is temporarily not supported"). Names
 * the output and the re-export option; '' for any other failure. Pure: exported for its test.
 */
export function unreadableOutputAdvice(
  reason: string,
  spec: Pick<ReplaySpec, 'modelOutput'>,
  summary: Pick<OnnxSummary, 'outputs'> | null,
): string {
  if (!/non[- ]tensor type|seq\(map|sequence<map/i.test(reason)) return '';
  const nonTensor = summary?.outputs.filter((o) => o.elemType === null).map((o) => o.name) ?? [];
  const named = spec.modelOutput ?? nonTensor[0] ?? summary?.outputs[0]?.name ?? null;
  const which = named ? `the model output "${named}"` : 'a model output';
  return `. The runtime cannot read ${which}: it is a sequence or map of values, not a tensor. Export the model again with tensor outputs (skl2onnx: options={'zipmap': False}, or {id(model): {'zipmap': False}} for one step of a pipeline; onnxmltools: zipmap=False), or set replay.json "modelOutput" to a tensor output${
    nonTensor.length > 0 && summary
      ? ` (tensor outputs: ${
          summary.outputs
            .filter((o) => o.elemType !== null)
            .map((o) => o.name)
            .join(', ') || 'none'
        })`
      : ''
  }`;
}

/** One sentence, with the private folder's path shown as the data/ it mirrors. */
function sentence(text: string, dir: string | null): string {
  const shown = dir ? text.split(dir).join('data') : text;
  return shown.trim().replace(/\.+$/, '') + '.';
}

/** The ONNX files the runtime will load: the model, or for a Hugging Face folder every .onnx file in it. */
async function modelFiles(dir: string, spec: ReplaySpec): Promise<string[]> {
  const root = path.join(dir, ...spec.model.split('/'));
  if (spec.task !== 'text-classification') return [root];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.onnx'))
    .map((e) => path.join(e.parentPath, e.name));
}
