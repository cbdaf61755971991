import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeMetric,
  metricNames,
  type MetricInput,
  type MetricTask,
} from '../../../../../src-main/core/replay/metrics';
import { npSum } from '../../../../../src-main/core/replay/metrics/summation';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Case {
  name: string;
  task: MetricTask;
  classes?: number;
  yTrue: Num[];
  yPred: Num[];
  probabilities?: Num[];
  expected?: Num[];
  sklearn: Record<string, { value: Num } | { error: string }>;
}
interface Reference {
  versions: { sklearn: string; numpy: string };
  cases: Case[];
  sums: { values: number[]; sum: number }[];
}

const file = join(__dirname, '../../../../fixtures/metrics/sklearn-reference.json');
const ref = JSON.parse(readFileSync(file, 'utf8')) as Reference;
const toNumber = (v: Num): number => (typeof v === 'number' ? v : Number(v));
const floats = (a: Num[]) => Float64Array.from(a, toNumber);

function inputOf(c: Case): MetricInput {
  const input: MetricInput = { task: c.task, yTrue: floats(c.yTrue), yPred: floats(c.yPred) };
  if (c.classes !== undefined) input.classes = c.classes;
  if (c.probabilities) input.probabilities = floats(c.probabilities);
  if (c.expected) input.expected = floats(c.expected);
  return input;
}

// log uses V8's Math.log, and AUC a rank statistic instead of sklearn's trapezoid: a few ulps apart
const inexact = new Set(['log_loss', 'roc_auc']);

describe('metrics agree with scikit-learn', () => {
  it('uses the reference made by scikit-learn 1.2', () => {
    expect(ref.versions.sklearn).toBe('1.2.1');
    expect(ref.cases.length).toBeGreaterThanOrEqual(40);
  });

  it('covers every metric name in the reference', () => {
    const covered = new Set(ref.cases.flatMap((c) => Object.keys(c.sklearn)));
    expect([...covered].sort()).toEqual([...metricNames].sort());
  });

  for (const c of ref.cases) {
    describe(c.name, () => {
      const input = inputOf(c);
      for (const [name, expected] of Object.entries(c.sklearn)) {
        const outcome = computeMetric(name, input);
        if ('error' in expected || Number.isNaN(toNumber(expected.value))) {
          it(`${name} is refused, as sklearn refuses it`, () => {
            expect(outcome.ok).toBe(false);
          });
        } else {
          const exact = !inexact.has(name);
          it(`${name} = ${expected.value} ${exact ? 'bit for bit' : 'within 1e-9'}`, () => {
            const want = toNumber(expected.value);
            if (!outcome.ok) throw new Error(`${name} refused: ${outcome.reason}`);
            if (exact) expect(outcome.value).toBe(want);
            // 1e-9 absolute; r2 can be a huge negative number in sklearn's degenerate constant case
            expect(Math.abs(outcome.value - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          });
        }
      }
    });
  }
});

describe('npSum follows numpy summation order', () => {
  it.each(ref.sums.map((s) => [s.values.length, s] as const))('n=%i bit for bit', (_n, s) => {
    expect(npSum(Float64Array.from(s.values))).toBe(s.sum);
  });
});
