import { describe, expect, it } from 'vitest';
import { computeMetric, type MetricInput, type MetricOutcome } from '../../../../../src-main/core/replay/metrics';

const labelNames = [
  'accuracy',
  'balanced_accuracy',
  'macro_f1',
  'weighted_f1',
  'micro_f1',
  'macro_precision',
  'macro_recall',
];
const input = (yTrue: number[], yPred: number[], classes?: number): MetricInput => ({
  task: 'classification',
  yTrue: Int32Array.from(yTrue),
  yPred: Int32Array.from(yPred),
  ...(classes === undefined ? {} : { classes }),
});
const valueOf = (o: MetricOutcome): number => {
  if (!o.ok) throw new Error(o.reason);
  return o.value;
};
const all = (i: MetricInput) => Object.fromEntries(labelNames.map((n) => [n, valueOf(computeMetric(n, i))]));

describe('label metrics on hand-computed cases', () => {
  it('three balanced classes', () => {
    // class 0: tp 1, true 2, pred 2 → P ½ R ½ F ½; class 1: tp 2, true 2, pred 3 → P ⅔ R 1 F 0.8;
    // class 2: tp 1, true 2, pred 1 → P 1 R ½ F ⅔
    const m = all(input([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2], 3));
    expect(m.accuracy).toBeCloseTo(4 / 6, 15);
    expect(m.micro_f1).toBeCloseTo(4 / 6, 15);
    expect(m.macro_precision).toBeCloseTo((0.5 + 2 / 3 + 1) / 3, 15);
    expect(m.macro_recall).toBeCloseTo(2 / 3, 15);
    expect(m.balanced_accuracy).toBeCloseTo(2 / 3, 15);
    expect(m.macro_f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 15);
    expect(m.weighted_f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 15); // equal supports
  });

  it('labels missing from y_true or y_pred: union of both for f1/precision/recall, zero_division gives 0', () => {
    // class 0: tp 2, true 3, pred 2 → P 1 R ⅔ F 0.8; class 1 (never predicted): P 0 R 0 F 0;
    // class 2 (never true): P 0, R 0/0 → 0, F 0
    const m = all(input([0, 0, 0, 1], [0, 0, 2, 2], 3));
    expect(m.accuracy).toBe(0.5);
    expect(m.macro_precision).toBeCloseTo(1 / 3, 15);
    expect(m.macro_recall).toBeCloseTo(2 / 9, 15);
    expect(m.macro_f1).toBeCloseTo(0.8 / 3, 15);
    expect(m.weighted_f1).toBeCloseTo((0.8 * 3) / 4, 15);
    expect(m.micro_f1).toBe(0.5);
    expect(m.balanced_accuracy).toBeCloseTo((2 / 3 + 0) / 2, 15); // class 2 is absent from y_true: dropped
  });

  it('does not average in classes the model has but no row uses', () => {
    const m = all(input([0, 0, 3], [0, 0, 3], 5));
    for (const name of labelNames) expect(m[name]).toBe(1);
  });

  it('works without a class count and on plain number arrays', () => {
    expect(computeMetric('accuracy', { task: 'classification', yTrue: [1, 2, 7], yPred: [1, 2, 2] })).toEqual({
      ok: true,
      value: 2 / 3,
    });
  });

  it('gives 0 for every metric when nothing is right', () => {
    const m = all(input([0, 1, 0, 1], [1, 0, 1, 0], 2));
    for (const name of labelNames) expect(m[name]).toBe(0);
  });
});

describe('label metrics refuse bad input with a reason', () => {
  const reason = (i: MetricInput, name = 'macro_f1') => {
    const o = computeMetric(name, i);
    expect(o.ok).toBe(false);
    return o.ok ? '' : o.reason;
  };

  it('length mismatch and empty input', () => {
    expect(reason(input([0, 1, 1], [0, 1]))).toBe('the data has 3 labels but there are 2 predictions');
    expect(reason(input([], []), 'accuracy')).toBe('there are no rows to evaluate');
  });

  it('labels that are not class indices', () => {
    expect(reason(input([0, 1, 3], [0, 1, 1], 3))).toBe('the true label at row 2 is 3, not a class index 0..2');
    expect(reason(input([0, 1, 1], [0, -1, 1]))).toBe(
      'the predicted label at row 1 is -1, not a class index (an integer 0..1048575)',
    );
    expect(reason({ task: 'classification', yTrue: [0, 1.5], yPred: [0, 1] })).toContain('row 1 is 1.5');
    expect(reason({ task: 'classification', yTrue: [0, Number.NaN], yPred: [0, 1] })).toContain('row 1 is NaN');
  });

  it('a class count that is not a positive integer', () => {
    expect(reason(input([0], [0], 0))).toBe("the model's class count 0 is not a positive integer");
    expect(reason(input([0], [0], 2.5))).toBe("the model's class count 2.5 is not a positive integer");
  });
});
