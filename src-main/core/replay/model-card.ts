import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModelCard } from '../../common/schemas/model-card';
import type { ReplaySpec } from '../bundle/replay-spec';
import { workerScript } from '../worker-script';
import { localEnvironment } from './environment';
import { inspectModel } from './model-safety';
import { runWorker, type SpawnWorker } from './run-worker';
import { stageFiles } from './staging';

/**
 * The model card (issue 16), read before any replay runs: the ONNX file's producer, opsets, typed inputs and outputs
 * and operators, from the same bounded walk as the safety check (nothing decoded in this process), then whether
 * this machine's ONNX Runtime loads it, tried in the limited replay worker. ONNX Runtime stops at the first operator
 * it has no kernel for and names it: that operator is marked unsupported, the others unknown; when the model loads,
 * every operator is supported. A model the safety check refuses is never loaded.
 */

export interface ModelCardOptions {
  workerScript?: string;
  spawn?: SpawnWorker;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const PROBE_LIMITS = { timeoutMs: 60_000, maxMemoryBytes: 2 * 1024 ** 3 };

/** Private folders of cards being made: removed if the process exits first (a host stopped while a probe runs). */
const live = new Set<string>();
let cleanupRegistered = false;
function track(dir: string): void {
  live.add(dir);
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.once('exit', () => {
    for (const d of live) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * The ONNX file a bundle's replay loads: replay.json's model (a Hugging Face folder's onnx/model.onnx), else the only
 * .onnx.
 */
export function cardModelPath(files: Record<string, string>, spec: ReplaySpec | null): string | null {
  const onnx = Object.keys(files)
    .filter((p) => p.toLowerCase().endsWith('.onnx'))
    .sort();
  if (spec && spec.task !== 'text-classification' && Object.hasOwn(files, spec.model)) return spec.model;
  if (spec?.task === 'text-classification') {
    const folder = spec.model.replace(/\/+$/, '');
    return onnx.find((p) => p === `${folder}/onnx/model.onnx`) ?? onnx.find((p) => p.startsWith(`${folder}/`)) ?? null;
  }
  return onnx.length === 1 ? onnx[0]! : null;
}

/** files: payload path under data/ → absolute file. Null when the bundle has no single model to describe. */
export async function modelCard(
  files: Record<string, string>,
  spec: ReplaySpec | null,
  options: ModelCardOptions = {},
): Promise<ModelCard | null> {
  const model = cardModelPath(files, spec);
  if (!model) return null;
  const folder = path.posix.dirname(model);
  const needed = Object.keys(files).filter(
    (p) => p === model || (folder === '.' ? !p.includes('/') : p.startsWith(folder + '/')),
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'provdesk-card-'));
  track(dir);
  try {
    await stageFiles(files, needed, dir);
    const file = path.join(dir, ...model.split('/'));
    const { problems, summary } = inspectModel(file, path.dirname(file));
    const version = localEnvironment().packages['onnxruntime-node'] ?? 'unknown';
    const shown = (text: string) => text.split(dir).join('data');
    let loads = false;
    let reason: string | null = null;
    if (problems.length > 0)
      reason = shown(`refused by the safety check: ${problems.map((p) => p.message).join('; ')}`);
    else {
      const job = { root: dir, spec: spec as ReplaySpec, modelClasses: null, batchSize: 1, threads: 1, probe: model };
      const limits = { ...PROBE_LIMITS, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
      const outcome = await runWorker(
        options.workerScript ?? workerScript('replay.worker'),
        job,
        limits,
        options.signal,
        undefined,
        options.spawn,
      );
      loads = outcome.ok;
      reason = outcome.ok ? null : shown(outcome.reason);
    }
    const missing = reason ? unsupportedOperator(reason) : null;
    if (missing && reason) reason = `It has no implementation of the operator "${missing}" (${reason})`;
    const refusedDomains = new Set(
      problems.filter((p) => p.code === 'model-custom-op-domain').map((p) => String(p.actual ?? '')),
    );
    const operators = (summary?.operators ?? []).map((o) => ({
      ...o,
      supported: loads
        ? ('yes' as const)
        : refusedDomains.has(o.domain) || o.opType === missing
          ? ('no' as const)
          : ('unknown' as const),
    }));
    const outputs = summary?.outputs ?? [];
    return {
      path: model,
      producer: [summary?.producerName, summary?.producerVersion].filter(Boolean).join(' '),
      irVersion: summary?.irVersion ?? null,
      opsets: summary?.opsets ?? [],
      inputs: (summary?.inputs ?? []).map(({ name, type }) => ({ name, type })),
      outputs: outputs.map(({ name, type }) => ({ name, type })),
      operators,
      classes: summary?.classLabels ?? null,
      zipMapOutputs: (summary?.zipMaps ?? [])
        .filter((z) => outputs.some((o) => o.name === z.output))
        .map((z) => z.output),
      runtime: { name: 'onnxruntime-node', version, loads, reason },
    };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    live.delete(dir);
  }
}

/** ONNX Runtime's words for an operator it has no kernel for: "Could not find an implementation for Foo(12) node …". */
export function unsupportedOperator(message: string): string | null {
  return (
    /Could not find an implementation for (\w+)\(\d+\)/.exec(message)?.[1] ??
    /Unrecognized attribute: .* for operator (\w+)/.exec(message)?.[1] ??
    /No Op registered for (\w+)/.exec(message)?.[1] ??
    null
  );
}
