import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../../src-main/common/result';
import type { MetricOutcome } from '../../../../src-main/core/replay/metrics';
import { judgeMetric, replayVerdict, type MetricJudgement } from '../../../../src-main/core/replay/verdict';

const v = (value: number): MetricOutcome => ({ ok: true, value });

describe('judgeMetric', () => {
  it('passes within abs + rel·|reported| and records the signed delta', () => {
    const j = judgeMetric('log_loss', 0.5, v(0.5 + 4e-5), { abs: 1e-5, rel: 1e-4 }); // allowed 1e-5 + 5e-5
    expect(j).toMatchObject({
      name: 'log_loss',
      reported: 0.5,
      replayed: 0.5 + 4e-5,
      pass: true,
      tolerance: { abs: 1e-5, rel: 1e-4 },
    });
    expect(j.delta).toBeCloseTo(4e-5, 15);
    expect(j.reason).toBeUndefined();
    expect(judgeMetric('mae', 2, v(1.8), { rel: 0.05 }).pass).toBe(false); // allowed 0.1, off by 0.2
    expect(judgeMetric('mae', -2, v(-2.1), { rel: 0.1 }).pass).toBe(true); // |reported| scales rel
  });

  it('treats the boundary as inside', () => {
    expect(judgeMetric('accuracy', 0.75, v(0.5), { abs: 0.25 }).pass).toBe(true);
  });

  it('needs exact equality when the tolerance is missing or zero', () => {
    expect(judgeMetric('accuracy', 0.9, v(0.9), {})).toMatchObject({
      pass: true,
      delta: 0,
      tolerance: { abs: 0, rel: 0 },
    });
    const j = judgeMetric('accuracy', 0.9, v(0.9 + 2 ** -52), { abs: 0 });
    expect(j.pass).toBe(false);
    expect(j.reason).toBe('off by 2.2e-16 (allowed 0)');
  });

  it('explains a value outside tolerance with digits enough to tell the two numbers apart', () => {
    expect(judgeMetric('log_loss', 0.2285, v(0.2316), { abs: 1e-5 }).reason).toBe('off by 3.1e-3 (allowed 1.0e-5)');
    expect(judgeMetric('mse', 1, v(1 + 1.04e-5), { abs: 1.0e-5 }).reason).toBe('off by 1.04e-5 (allowed 1.00e-5)');
  });

  it('fails with a reason when the run did not report the metric', () => {
    for (const reported of [null, undefined]) {
      const j = judgeMetric('roc_auc', reported, v(0.9), { abs: 1e-9 });
      expect(j).toMatchObject({ pass: false, reported: null, replayed: 0.9, delta: null });
      expect(j.reason).toBe("not reported in the run's result");
    }
  });

  it('fails with a reason when the reported or replayed value is NaN or infinite', () => {
    expect(judgeMetric('r2', Number.NaN, v(0.5), { abs: 1 })).toMatchObject({
      pass: false,
      reason: 'reported as NaN, which cannot be compared',
    });
    expect(judgeMetric('r2', Infinity, v(Infinity), { abs: 1 }).pass).toBe(false);
    expect(judgeMetric('r2', 0.5, v(Number.NaN), { abs: 1 })).toMatchObject({
      pass: false,
      reason: 'replayed as NaN, which cannot be compared',
    });
  });

  it('fails with the metric’s own reason when it could not be computed', () => {
    const j = judgeMetric('log_loss', 0.3, { ok: false, reason: 'log_loss needs class probabilities' }, { abs: 1 });
    expect(j).toMatchObject({
      pass: false,
      replayed: null,
      delta: null,
      reason: 'could not be recomputed (log_loss needs class probabilities)',
    });
  });

  it('refuses a negative or non-finite tolerance as a programmer error', () => {
    expect(() => judgeMetric('mae', 1, v(1), { abs: -1 })).toThrow(CodedError);
    expect(() => judgeMetric('mae', 1, v(1), { rel: Number.NaN })).toThrow(/tolerance must be finite and non-negative/);
  });
});

const pass = (name: string): MetricJudgement => judgeMetric(name, 0.5, v(0.5), {});
const off = (name: string, replayed: number, abs: number): MetricJudgement =>
  judgeMetric(name, 0.5, v(replayed), { abs });

describe('replayVerdict', () => {
  it('reproduces when every metric passes and no prediction disagrees', () => {
    expect(replayVerdict([pass('accuracy'), pass('macro_f1')], { rows: 150, disagreements: 0 })).toEqual({
      verdict: 'reproduced',
      reason: 'All 2 metrics are within tolerance and all 150 recorded predictions agree.',
    });
    expect(replayVerdict([pass('accuracy')], null)).toEqual({
      verdict: 'reproduced',
      reason: 'accuracy is within tolerance.',
    });
  });

  it('names each metric outside tolerance, as the brief example', () => {
    const r = replayVerdict([pass('accuracy'), off('log_loss', 0.5031, 1e-5), off('macro_f1', 0.4, 0)], null);
    expect(r).toEqual({
      verdict: 'not-reproduced',
      reason:
        '2 of 3 metrics outside tolerance: log_loss off by 3.1e-3 (allowed 1.0e-5), macro_f1 off by 1.0e-1 (allowed 0).',
    });
  });

  it('says when a metric could not be compared at all', () => {
    const missing = judgeMetric('roc_auc', undefined, v(0.9), {});
    const r = replayVerdict([pass('accuracy'), missing], { rows: 10, disagreements: 0 });
    expect(r.verdict).toBe('not-reproduced');
    expect(r.reason).toBe("1 of 2 metrics not reproduced: roc_auc not reported in the run's result.");
  });

  it('does not reproduce when recorded predictions disagree, even with every metric in tolerance', () => {
    expect(replayVerdict([pass('accuracy'), pass('log_loss')], { rows: 150, disagreements: 4 })).toEqual({
      verdict: 'not-reproduced',
      reason: 'All 2 metrics are within tolerance, but 4 of 150 recorded predictions disagree.',
    });
    expect(replayVerdict([pass('accuracy')], { rows: 150, disagreements: 1 }).reason).toBe(
      'accuracy is within tolerance, but 1 of 150 recorded predictions disagrees.',
    );
    expect(replayVerdict([off('mae', 1, 0)], { rows: 3, disagreements: 2 }).reason).toBe(
      '1 of 1 metric outside tolerance: mae off by 5.0e-1 (allowed 0); 2 of 3 recorded predictions disagree.',
    );
  });

  it('does not call an empty comparison a reproduction', () => {
    expect(replayVerdict([], null)).toEqual({
      verdict: 'not-reproduced',
      reason: 'Nothing was compared: the replay names no metrics and no recorded predictions.',
    });
    expect(replayVerdict([], { rows: 5, disagreements: 0 })).toEqual({
      verdict: 'reproduced',
      reason: 'No metrics to compare; all 5 recorded predictions agree.',
    });
  });
});
