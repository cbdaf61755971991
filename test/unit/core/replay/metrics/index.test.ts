import { describe, expect, it } from 'vitest';
import { REPLAY_METRICS } from '../../../../../src-main/core/bundle/replay-spec';
import {
  computeMetric,
  metricNames,
  metricTask,
  probabilityMetrics,
} from '../../../../../src-main/core/replay/metrics';

describe('metric registry', () => {
  it('supports exactly the names replay.json may use, each under its task', () => {
    expect([...metricNames].sort()).toEqual([...new Set(Object.values(REPLAY_METRICS).flat())].sort());
    for (const task of ['classification', 'regression', 'tensor'] as const) {
      for (const name of REPLAY_METRICS[task]) expect(metricTask(name)).toBe(task);
    }
    expect([...probabilityMetrics].sort()).toEqual(['log_loss', 'roc_auc', 'top_k_accuracy']);
  });

  it('refuses an unknown name, listing the supported ones', () => {
    const o = computeMetric('f1', { task: 'classification', yTrue: [0], yPred: [0] });
    expect(o.ok).toBe(false);
    if (!o.ok)
      expect(o.reason).toMatch(/^unknown metric "f1"; supported: accuracy, balanced_accuracy, .*mean_abs_error$/);
    expect(metricTask('f1')).toBeUndefined();
  });

  it('refuses a metric of another task', () => {
    expect(computeMetric('mae', { task: 'classification', yTrue: [0], yPred: [0] })).toEqual({
      ok: false,
      reason: 'mae is a regression metric and cannot be computed for a classification task',
    });
  });
});
