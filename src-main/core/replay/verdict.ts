import { CodedError } from '../../common/result';
import type { MetricOutcome } from './metrics/types';

/**
 * Tolerance judgements for replayed metrics and the replay verdict (BUNDLE-FORMAT section 3):
 * a metric passes when |replayed - reported| <= abs + rel·|reported|. Reasons are written for a
 * reviewer and never repeat the metric's name: they read alone and after it ("log_loss off by ...").
 */

export interface Tolerance {
  abs?: number;
  rel?: number;
}

export interface MetricJudgement {
  name: string;
  reported: number | null;
  replayed: number | null;
  /** replayed - reported (signed); null when either is missing. */
  delta: number | null;
  tolerance: { abs: number; rel: number };
  pass: boolean;
  /** Why it failed; absent when it passed. */
  reason?: string;
}

function normaliseTolerance(t: Tolerance): { abs: number; rel: number } {
  const abs = t.abs ?? 0;
  const rel = t.rel ?? 0;
  if (!(abs >= 0 && rel >= 0 && Number.isFinite(abs) && Number.isFinite(rel))) {
    throw new CodedError('invalid-request', `tolerance must be finite and non-negative, got abs=${t.abs} rel=${t.rel}`);
  }
  return { abs, rel };
}

/** Two short numbers that differ when the values do (so "off by X (allowed Y)" never reads X = Y). */
function formatPair(a: number, b: number): [string, string] {
  const fmt = (x: number, digits: number) => (x === 0 ? '0' : x.toExponential(digits));
  for (let digits = 1; digits < 17; digits++) {
    const [fa, fb] = [fmt(a, digits), fmt(b, digits)];
    if (fa !== fb || a === b) return [fa, fb];
  }
  return [fmt(a, 16), fmt(b, 16)];
}

export function judgeMetric(
  name: string,
  reported: number | null | undefined,
  replayed: MetricOutcome,
  tolerance: Tolerance,
): MetricJudgement {
  const tol = normaliseTolerance(tolerance);
  const rep = reported ?? null;
  const value = replayed.ok ? replayed.value : null;
  const base = { name, reported: rep, replayed: value, tolerance: tol };
  const fail = (reason: string, delta: number | null = null): MetricJudgement => ({
    ...base,
    delta,
    pass: false,
    reason,
  });
  if (!replayed.ok) return fail(`could not be recomputed (${replayed.reason})`);
  if (rep === null) return fail("not reported in the run's result");
  if (!Number.isFinite(rep)) return fail(`reported as ${rep}, which cannot be compared`);
  if (value === null || !Number.isFinite(value)) return fail(`replayed as ${value}, which cannot be compared`);
  const delta = value - rep;
  const allowed = tol.abs + tol.rel * Math.abs(rep);
  if (Math.abs(delta) <= allowed) return { ...base, delta, pass: true };
  const [off, limit] = formatPair(Math.abs(delta), allowed);
  return fail(`off by ${off} (allowed ${limit})`, delta);
}

export type ReplayVerdict = { verdict: 'reproduced' | 'not-reproduced'; reason: string };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `reproduced` when every metric is within tolerance and no recorded prediction disagrees; the
 * reason is one plain sentence. Nothing to compare at all is not a reproduction.
 */
export function replayVerdict(
  metrics: MetricJudgement[],
  predictions: { rows: number; disagreements: number } | null,
): ReplayVerdict {
  const failed = metrics.filter((m) => !m.pass);
  const predictionsPart = predictions
    ? predictions.disagreements > 0
      ? `${predictions.disagreements} of ${plural(predictions.rows, 'recorded prediction')} disagree${predictions.disagreements === 1 ? 's' : ''}`
      : null
    : null;
  if (metrics.length === 0 && !predictions) {
    return {
      verdict: 'not-reproduced',
      reason: 'Nothing was compared: the replay names no metrics and no recorded predictions.',
    };
  }
  if (failed.length === 0 && !predictionsPart) {
    const agree = predictions ? `all ${plural(predictions.rows, 'recorded prediction')} agree` : null;
    if (metrics.length === 0) return { verdict: 'reproduced', reason: `No metrics to compare; ${agree}.` };
    const within =
      metrics.length === 1
        ? `${metrics[0]!.name} is within tolerance`
        : `All ${metrics.length} metrics are within tolerance`;
    return { verdict: 'reproduced', reason: agree ? `${within} and ${agree}.` : `${within}.` };
  }
  const parts: string[] = [];
  if (failed.length > 0) {
    const numeric = failed.every((m) => m.delta !== null);
    const head = `${failed.length} of ${plural(metrics.length, 'metric')} ${numeric ? 'outside tolerance' : 'not reproduced'}`;
    parts.push(`${head}: ${failed.map((m) => `${m.name} ${m.reason ?? 'failed'}`).join(', ')}`);
  } else {
    if (metrics.length === 1) parts.push(`${metrics[0]!.name} is within tolerance, but`);
    if (metrics.length > 1) parts.push(`All ${metrics.length} metrics are within tolerance, but`);
  }
  if (predictionsPart) parts.push(predictionsPart);
  const sentence = failed.length > 0 ? parts.join('; ') : parts.join(' ');
  return { verdict: 'not-reproduced', reason: `${sentence}.` };
}
