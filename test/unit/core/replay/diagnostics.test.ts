import { describe, expect, it } from 'vitest';
import {
  MAX_CONFUSION_CLASSES,
  confusionMatrix,
  perClassScores,
  replayDiagnostics,
  residualHistogram,
  samplePoints,
} from '../../../../src-main/core/replay/diagnostics';
import type { WorkerResult } from '../../../../src-main/core/replay/protocol';
import { replayDiagnosticsSchema } from '../../../../src-main/common/schemas/replay';

describe('confusionMatrix', () => {
  it("matches scikit-learn's confusion_matrix documentation example (rows actual, columns predicted)", () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], 3)).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('leaves out predictions that are not a known class (a label output the mapping gave -1)', () => {
    expect(confusionMatrix([0, 1, 1], [0, -1, 1], 2)).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('perClassScores', () => {
  it("matches scikit-learn's classification_report documentation example", () => {
    const scores = perClassScores([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], ['class 0', 'class 1', 'class 2']);
    expect(scores.map((s) => s.label)).toEqual(['class 0', 'class 1', 'class 2']);
    expect(scores.map((s) => s.support)).toEqual([1, 1, 3]);
    expect(scores[0]!.precision).toBe(0.5);
    expect(scores[0]!.recall).toBe(1);
    expect(scores[1]!.precision).toBe(0);
    expect(scores[1]!.recall).toBe(0);
    expect(scores[2]!.precision).toBe(1);
    expect(scores[2]!.recall).toBeCloseTo(2 / 3, 15);
  });

  it('gives null, not 0 or NaN, for a class never predicted or never present', () => {
    const [a, b] = perClassScores([0, 0], [0, 0], ['a', 'b']);
    expect(a).toEqual({ label: 'a', precision: 1, recall: 1, support: 2 });
    expect(b).toEqual({ label: 'b', precision: null, recall: null, support: 0 });
  });
});

describe('samplePoints', () => {
  it('keeps every finite row when there are few, in data order', () => {
    const out = samplePoints([1, 2, NaN, 4], [1.5, 2.5, 3, Infinity]);
    expect(out).toEqual({
      points: [
        { actual: 1, predicted: 1.5 },
        { actual: 2, predicted: 2.5 },
      ],
      finiteRows: 2,
    });
  });

  it('spreads a bounded sample evenly over all rows, the same each time', () => {
    const n = 10_001;
    const yTrue = Float64Array.from({ length: n }, (_, i) => i);
    const yPred = Float64Array.from({ length: n }, (_, i) => i * 2);
    const a = samplePoints(yTrue, yPred, 2000);
    expect(a.finiteRows).toBe(n);
    expect(a.points).toHaveLength(2000);
    expect(a.points[0]).toEqual({ actual: 0, predicted: 0 });
    expect(a.points[1]!.actual).toBe(5); // floor(1 * 10001 / 2000)
    expect(a.points.at(-1)!.actual).toBe(Math.floor((1999 * n) / 2000));
    expect(a.points.at(-1)!.actual).toBeGreaterThan(n - 10); // the tail of the file is in the sample
    expect(samplePoints(yTrue, yPred, 2000)).toEqual(a);
  });
});

describe('residualHistogram', () => {
  it('bins predicted - actual into equal widths, the last bin closed', () => {
    const bins = residualHistogram([0, 0, 0, 0, 0], [-1, 0, 0.5, 1, 1], 4);
    expect(bins).toEqual([
      { from: -1, to: -0.5, count: 1 },
      { from: -0.5, to: 0, count: 0 },
      { from: 0, to: 0.5, count: 1 },
      { from: 0.5, to: 1, count: 3 },
    ]);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(5);
  });

  it('gives one bin when every residual is equal, none when no row is finite, and skips overflowing residuals', () => {
    expect(residualHistogram([1, 2], [1, 2], 10)).toEqual([{ from: 0, to: 0, count: 2 }]);
    expect(residualHistogram([NaN], [1], 10)).toEqual([]);
    expect(residualHistogram([-1e308, 0], [1e308, 1], 10)).toEqual([{ from: 1, to: 1, count: 1 }]);
  });
});

describe('replayDiagnostics', () => {
  const base = { rows: 4, predictions: { rows: 4, disagreements: 1 }, outputSha256: 'x' };

  it('classification: matrix, per-class scores and the disagreeing rows, in a shape the schema accepts', () => {
    const result: WorkerResult = {
      ...base,
      kind: 'classification',
      yTrue: Int32Array.from([0, 1, 1, 0]),
      yPred: Int32Array.from([0, 1, 0, 0]),
      probabilities: null,
      classes: ['cat', 'dog'],
      labelMapping: 'sorted unique labels of the data',
      disagreeing: [{ row: 3, recorded: 'dog', replayed: 'cat', label: 'dog' }],
    };
    const d = replayDiagnostics(result)!;
    expect(d.classification!.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(d.classification!.perClass.map((c) => c.recall)).toEqual([1, 0.5]);
    expect(d.regression).toBeNull();
    expect(d.disagreements).toEqual([{ row: 3, recorded: 'dog', replayed: 'cat', label: 'dog' }]);
    expect(replayDiagnosticsSchema.parse(JSON.parse(JSON.stringify(d)))).toEqual(d);
  });

  it('classification with more classes than a readable grid: per-class scores, no matrix', () => {
    const k = MAX_CONFUSION_CLASSES + 1;
    const classes = Array.from({ length: k }, (_, i) => `c${i}`);
    const y = Int32Array.from(classes.keys());
    const d = replayDiagnostics({
      ...base,
      kind: 'classification',
      yTrue: y,
      yPred: y,
      probabilities: null,
      classes,
      labelMapping: '',
      disagreeing: [],
    })!;
    expect(d.classification!.confusion).toBeNull();
    expect(d.classification!.perClass).toHaveLength(k);
  });

  it('regression: points and residuals; tensor: none', () => {
    const d = replayDiagnostics({
      ...base,
      kind: 'regression',
      yTrue: Float64Array.from([1, 2, 3, 4]),
      yPred: Float64Array.from([1, 2, 3, 5]),
      disagreeing: [],
    })!;
    expect(d.classification).toBeNull();
    expect(d.regression!.points).toHaveLength(4);
    expect(d.regression!.residuals.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(replayDiagnosticsSchema.parse(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(
      replayDiagnostics({
        kind: 'tensor',
        rows: 1,
        expected: new Float64Array(1),
        actual: new Float64Array(1),
        outputSha256: 'x',
      }),
    ).toBeNull();
  });
});
