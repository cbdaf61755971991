import { describe, expect, it } from 'vitest';
import { computeMetric, type MetricInput, type MetricOutcome } from '../../../../../src-main/core/replay/metrics';

const input = (yTrue: number[], rows: number[][]): MetricInput => ({
  task: 'classification',
  yTrue: Int32Array.from(yTrue),
  yPred: Int32Array.from(rows.map((r) => r.indexOf(Math.max(...r)))),
  probabilities: Float64Array.from(rows.flat()),
  classes: rows[0]!.length,
});
const valueOf = (o: MetricOutcome): number => {
  if (!o.ok) throw new Error(o.reason);
  return o.value;
};
const reason = (name: string, i: MetricInput): string => {
  const o = computeMetric(name, i);
  if (o.ok) throw new Error(`${name} computed ${o.value}, expected a refusal`);
  return o.reason;
};

describe('log_loss', () => {
  it('is the mean negative log probability of the true class', () => {
    const i = input(
      [0, 1],
      [
        [0.8, 0.2],
        [0.4, 0.6],
      ],
    );
    expect(valueOf(computeMetric('log_loss', i))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
  });

  it('clips to [eps, 1-eps] with float64 eps, then renormalises rows', () => {
    expect(
      valueOf(
        computeMetric(
          'log_loss',
          input(
            [1, 0],
            [
              [1, 0],
              [0.5, 0.5],
            ],
          ),
        ),
      ),
    ).toBeCloseTo((52 * Math.LN2 + Math.LN2) / 2, 12);
    expect(
      valueOf(
        computeMetric(
          'log_loss',
          input(
            [0, 0],
            [
              [0.3, 0.3],
              [0.2, 0.2],
            ],
          ),
        ),
      ),
    ).toBeCloseTo(Math.LN2, 15);
  });
});

describe('roc_auc', () => {
  it('binary: probability of class 1, ties count half', () => {
    expect(
      valueOf(
        computeMetric(
          'roc_auc',
          input(
            [0, 0, 1, 1],
            [
              [0.9, 0.1],
              [0.6, 0.4],
              [0.65, 0.35],
              [0.2, 0.8],
            ],
          ),
        ),
      ),
    ).toBe(0.75);
    expect(
      valueOf(
        computeMetric(
          'roc_auc',
          input(
            [0, 1, 1],
            [
              [0.5, 0.5],
              [0.5, 0.5],
              [0.1, 0.9],
            ],
          ),
        ),
      ),
    ).toBe(0.75);
  });

  it('more classes: one-vs-rest macro average', () => {
    const rows = [
      [0.2, 0.5, 0.3],
      [0.2, 0.5, 0.3],
      [0.3, 0.3, 0.4],
      [0.5, 0.25, 0.25],
    ];
    // class 0: positives {0.2, 0.5} vs negatives {0.2, 0.3} → 2.5/4; class 1: {0.5} vs {0.5, 0.3, 0.25} → 2.5/3; class
    // 2: 1
    expect(valueOf(computeMetric('roc_auc', input([0, 1, 2, 0], rows)))).toBeCloseTo((2.5 / 4 + 2.5 / 3 + 1) / 3, 15);
  });

  it('is undefined, as in sklearn, when a class has no positives or no negatives', () => {
    expect(
      reason(
        'roc_auc',
        input(
          [1, 1],
          [
            [0.3, 0.7],
            [0.4, 0.6],
          ],
        ),
      ),
    ).toBe('roc_auc is undefined: every true label is 1');
    expect(
      reason(
        'roc_auc',
        input(
          [0, 1, 0],
          [
            [0.5, 0.3, 0.2],
            [0.2, 0.5, 0.3],
            [0.6, 0.2, 0.2],
          ],
        ),
      ),
    ).toBe('roc_auc (one-vs-rest) is undefined: no true label is class 2');
  });

  it('refuses multiclass scores that do not sum to 1 (sklearn: np.allclose)', () => {
    expect(
      reason(
        'roc_auc',
        input(
          [0, 1, 2],
          [
            [0.5, 0.3, 0.2],
            [0.2, 0.5, 0.3],
            [0.2, 0.2, 0.5],
          ],
        ),
      ),
    ).toBe('roc_auc needs probabilities summing to 1 over the classes, but row 2 sums to 0.9');
  });
});

describe('top_k_accuracy (k = 5)', () => {
  it('counts rows whose true class is among the five highest; ties rank the higher class first', () => {
    const tied = Array(7).fill(1 / 7) as number[];
    const ranked = [0.3, 0.25, 0.2, 0.1, 0.08, 0.05, 0.02];
    // tied rows: class 6 has nobody above (hit), class 2 has 4 above (hit), class 1 has 5 (miss), class 0 has 6 (miss)
    const i = input([6, 2, 1, 0, 4, 5], [tied, tied, tied, tied, ranked, ranked]);
    expect(valueOf(computeMetric('top_k_accuracy', i))).toBe(3 / 6);
  });

  it('is 1 when k >= classes, as sklearn', () => {
    expect(
      valueOf(
        computeMetric(
          'top_k_accuracy',
          input(
            [0, 1, 2],
            [
              [0.1, 0.1, 0.8],
              [0.9, 0.05, 0.05],
              [0.7, 0.2, 0.1],
            ],
          ),
        ),
      ),
    ).toBe(1);
  });
});

describe('probability metrics refuse bad input with a reason', () => {
  const good = input(
    [0, 1],
    [
      [0.8, 0.2],
      [0.4, 0.6],
    ],
  );

  it('needs probabilities', () => {
    const { probabilities: _dropped, ...labelsOnly } = good;
    for (const name of ['log_loss', 'roc_auc', 'top_k_accuracy']) {
      expect(reason(name, labelsOnly)).toBe(
        `${name} needs class probabilities, but the replay has only predicted labels`,
      );
    }
  });

  it('probabilities of the wrong shape', () => {
    expect(reason('log_loss', { ...good, probabilities: new Float64Array(3) })).toBe(
      'the probabilities have 3 values; expected 2 rows × 2 classes = 4',
    );
    const { classes: _c, ...noClasses } = good;
    expect(reason('log_loss', { ...noClasses, probabilities: new Float64Array(5) })).toBe(
      'the probabilities have 5 values; expected a multiple of 2 (one row of class probabilities per label)',
    );
    expect(valueOf(computeMetric('log_loss', noClasses))).toBeGreaterThan(0); // classes inferred from the shape
  });

  it('a single class, a true label beyond the columns, non-finite probabilities', () => {
    expect(reason('log_loss', { ...input([0, 0], [[1], [1]]) })).toBe(
      'log_loss needs at least two classes, the model has 1',
    );
    const { classes: _c, ...noClasses } = good;
    expect(reason('top_k_accuracy', { ...noClasses, yTrue: Int32Array.from([0, 2]) })).toBe(
      'the true label at row 1 is 2, not a class index 0..1',
    );
    const nan = Float64Array.from([0.8, 0.2, Number.NaN, 0.6]);
    expect(reason('roc_auc', { ...good, probabilities: nan })).toBe(
      'the probabilities have a non-finite value (NaN) at row 1, class 0',
    );
  });

  it('mismatched lengths and empty input', () => {
    expect(reason('log_loss', { ...good, yPred: Int32Array.from([0]) })).toBe(
      'the data has 2 labels but there are 1 predictions',
    );
    expect(reason('log_loss', input([], [[]]))).toBe('there are no rows to evaluate');
  });
});

describe('roc_auc on large inputs', () => {
  it('equals the pair-counting definition with many ties (n = 3000, radix-sorted path)', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 4294967296);
    const n = 3000;
    const yTrue: number[] = [];
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) {
      const t = rnd() < 0.4 ? 1 : 0;
      const p1 = Math.min(1, Math.round((rnd() * 0.7 + t * 0.3) * 50) / 50);
      yTrue.push(t);
      rows.push([1 - p1, p1]);
    }
    let pairs = 0;
    let credit = 0;
    for (let i = 0; i < n; i++) {
      if (yTrue[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (yTrue[j] !== 0) continue;
        pairs++;
        credit += rows[i]![1]! > rows[j]![1]! ? 1 : rows[i]![1] === rows[j]![1] ? 0.5 : 0;
      }
    }
    expect(valueOf(computeMetric('roc_auc', input(yTrue, rows)))).toBeCloseTo(credit / pairs, 14);
  });
});
