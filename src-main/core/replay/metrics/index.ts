import { computeLabelMetric, labelMetricNames } from './classification';
import { computeProbabilityMetric, probabilityMetricNames } from './probabilistic';
import { computeRegressionMetric, regressionMetricNames } from './regression';
import { computeTensorMetric, tensorMetricNames } from './tensor';
import { refuse, type MetricInput, type MetricOutcome, type MetricTask } from './types';

/**
 * The replay's metrics (BUNDLE-FORMAT section 3), defined as scikit-learn 1.2 defines them and
 * checked against it (test/fixtures/metrics/sklearn-reference.json). Pure: no I/O, typed arrays.
 * Bad input is never thrown: it comes back as { ok: false, reason } for the reviewer.
 */

export type { MetricInput, MetricOutcome, MetricTask } from './types';
export { TOP_K } from './probabilistic';
export { compareTensorElements, type TensorComparison } from './tensor';

type Compute = (name: string, input: MetricInput) => MetricOutcome;

const families: readonly { task: MetricTask; names: readonly string[]; compute: Compute }[] = [
  { task: 'classification', names: labelMetricNames, compute: computeLabelMetric },
  { task: 'classification', names: probabilityMetricNames, compute: computeProbabilityMetric },
  { task: 'regression', names: regressionMetricNames, compute: computeRegressionMetric },
  { task: 'tensor', names: tensorMetricNames, compute: computeTensorMetric },
];

const byName = new Map<string, { task: MetricTask; compute: Compute }>();
for (const f of families) for (const name of f.names) byName.set(name, f);

/** Every supported metric name. */
export const metricNames: readonly string[] = [...byName.keys()];

/** The task a metric belongs to, or undefined for an unknown name. */
export function metricTask(name: string): MetricTask | undefined {
  return byName.get(name)?.task;
}

/** Metrics that need class probabilities (the model's labels alone are not enough). */
export const probabilityMetrics: readonly string[] = probabilityMetricNames;

export function computeMetric(name: string, input: MetricInput): MetricOutcome {
  const entry = byName.get(name);
  if (!entry) return refuse(`unknown metric "${name}"; supported: ${metricNames.join(', ')}`);
  if (entry.task !== input.task) {
    return refuse(`${name} is a ${entry.task} metric and cannot be computed for a ${input.task} task`);
  }
  return entry.compute(name, input);
}
