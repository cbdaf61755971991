import type { ReplaySpec } from '../bundle/replay-spec';
import { computeMetric, type MetricInput } from './metrics';
import type { WorkerResult } from './protocol';
import { judgeMetric, type MetricJudgement } from './verdict';

/** Recomputes every metric replay.json names from the worker's outputs and judges it against the reported value. */
export function judgeOutputs(
  spec: ReplaySpec,
  result: WorkerResult,
  reported: Record<string, number>,
): MetricJudgement[] {
  const input = metricInput(result);
  return spec.metrics.map((m) => {
    const value = Object.hasOwn(reported, m.name) ? reported[m.name] : undefined;
    return judgeMetric(m.name, value, computeMetric(m.name, input), m.tolerance);
  });
}

function metricInput(result: WorkerResult): MetricInput {
  switch (result.kind) {
    case 'classification':
      return {
        task: 'classification',
        yTrue: result.yTrue,
        yPred: result.yPred,
        ...(result.probabilities ? { probabilities: result.probabilities } : {}),
        classes: result.classes.length,
      };
    case 'regression':
      return { task: 'regression', yTrue: result.yTrue, yPred: result.yPred };
    case 'tensor':
      return { task: 'tensor', yTrue: result.expected, yPred: result.actual, expected: result.expected };
    case 'probe':
      throw new Error('a model probe has no metrics');
  }
}
