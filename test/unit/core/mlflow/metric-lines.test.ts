import { describe, expect, it } from 'vitest';
import { latestByKey, latestPoint, parseMetricFile, pythonFloat } from '../../../../src-main/core/mlflow/metric-lines';

describe('MLflow metric files', () => {
  it('reads 2-, 3-, 4- and 6-field lines and Python float spellings', () => {
    const text = '100 0.5\n200 nan 1\n300 inf 2 run-1\n400 -inf 3 run-1 iris 1a2b3c4d\n\n';
    const { points, warnings } = parseMetricFile('m', text, 'run', 'metrics/m');
    expect(warnings).toEqual([]);
    expect(points.map((p) => [p.timestamp, p.value, p.step, p.runId, p.datasetName, p.datasetDigest])).toEqual([
      [100, 0.5, 0, null, null, null],
      [200, Number.NaN, 1, null, null, null],
      [300, Infinity, 2, 'run-1', null, null],
      [400, -Infinity, 3, 'run-1', 'iris', '1a2b3c4d'],
    ]);
    expect(pythonFloat('1e-3')).toBe(0.001);
    expect(pythonFloat('abc')).toBeNull();
  });

  it('reports malformed lines with their line number instead of dropping them silently', () => {
    const { points, warnings } = parseMetricFile(
      'm',
      '100 0.5 0\n100 zero 0\n100 0.5 0 r d\n1.5 0.1 0\n',
      'run',
      'metrics/m',
    );
    expect(points).toHaveLength(1);
    expect(warnings.map((w) => w['line'])).toEqual([2, 3, 4]);
  });

  it('the latest value is the greatest (step, timestamp, value), as MLflow reports it', () => {
    const p = (value: number, timestamp: number, step: number) => ({ key: 'k', value, timestamp, step, source: 'run' });
    expect(latestPoint([p(1, 500, 0), p(2, 100, 1)])?.value).toBe(2); // a later step wins over a later timestamp
    expect(latestPoint([p(1, 100, 1), p(3, 200, 1)])?.value).toBe(3);
    expect(latestPoint([p(5, 100, 1), p(3, 100, 1)])?.value).toBe(5); // same step and time: the greater value
    // a NaN at the last step is the latest
    expect(latestPoint([p(Number.NaN, 100, 2), p(0.2, 100, 1)])?.value).toBeNaN();
    const grouped = latestByKey([p(1, 1, 0), p(1, 1, 0), p(2, 2, 1)]);
    expect(grouped.get('k')).toMatchObject({ count: 3, duplicates: 1, latest: { value: 2 } });
  });
});
