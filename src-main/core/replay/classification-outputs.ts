import { classMapping } from './labels';
import type { OutputHasher } from './output-hash';
import type { PredictionComparison, WorkerResult } from './protocol';
import { inputError } from './replay-error';

/**
 * Accumulates a classifier's per-batch outputs (probabilities, logits or labels) into class probabilities and
 * predicted indices; the labels are mapped to class indices at the end, when every label and the output width
 * are known. The hash covers the model's raw output (before softmax) in data order.
 */
export class ClassificationOutputs {
  private probs: Float64Array[] = [];
  private predicted: unknown[] = []; // labels output: the model's own labels
  private width: number | null = null;
  private rows = 0;

  constructor(
    private readonly kind: 'probabilities' | 'logits' | 'labels',
    private readonly hasher: OutputHasher,
  ) {}

  /** data: rows × k (probabilities/logits; k = 1 means the positive class of a binary model) or rows (labels). */
  add(data: ArrayLike<number | bigint | string>, rows: number, k: number): void {
    this.rows += rows;
    if (this.kind === 'labels') {
      const values = Array.from(data as ArrayLike<unknown>);
      this.predicted.push(...values);
      this.hasher.add(values.map((v) => (typeof v === 'string' ? Number.NaN : Number(v))));
      return;
    }
    if (this.width !== null && this.width !== Math.max(k, 2)) throw inputError('replay-output-shape', `the model output ${k} classes in one batch and ${this.width} in another`);
    this.width = Math.max(k, 2);
    const f = data as ArrayLike<number>;
    this.hasher.add(f);
    const out = new Float64Array(rows * this.width);
    for (let r = 0; r < rows; r++) {
      if (k === 1) {
        const v = f[r]!;
        const p = this.kind === 'logits' ? 1 / (1 + Math.exp(-v)) : v;
        out[2 * r] = 1 - p;
        out[2 * r + 1] = p;
      } else if (this.kind === 'logits') softmax(f, r * k, k, out);
      else for (let j = 0; j < k; j++) out[r * k + j] = f[r * k + j]!;
    }
    this.probs.push(out);
  }

  finish(labels: string[], modelClasses: string[] | null, file: string, recorded: unknown[] | null, digest: string): Extract<WorkerResult, { kind: 'classification' }> {
    const mapping = classMapping(labels, modelClasses, this.width, file);
    const yTrue = Int32Array.from(labels, (l) => mapping.indexOf(l));
    let probabilities: Float64Array | null = null;
    let yPred: Int32Array;
    if (this.kind === 'labels') {
      yPred = Int32Array.from(this.predicted, (v) => mapping.indexOf(typeof v === 'bigint' ? Number(v) : v));
    } else {
      const w = this.width ?? 2;
      probabilities = concat(this.probs, this.rows * w);
      yPred = new Int32Array(this.rows);
      for (let r = 0; r < this.rows; r++) yPred[r] = argmax(probabilities, r * w, w);
    }
    let predictions: PredictionComparison | null = null;
    if (recorded) {
      let disagreements = 0;
      recorded.forEach((v, i) => (mapping.indexOf(v) !== yPred[i] ? disagreements++ : 0));
      predictions = { rows: recorded.length, disagreements };
    }
    return { kind: 'classification', rows: this.rows, yTrue, yPred, probabilities, classes: mapping.classes, labelMapping: mapping.describe, predictions, outputSha256: digest };
  }
}

function softmax(f: ArrayLike<number>, at: number, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, f[at + j]!);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += out[at + j] = Math.exp(f[at + j]! - max);
  for (let j = 0; j < k; j++) out[at + j]! /= sum;
}

/** First index of the largest value, as numpy's argmax breaks ties. */
export function argmax(p: Float64Array, at: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[at + j]! > p[at + best]!) best = j;
  return best;
}

export function concat(parts: Float64Array[], total: number): Float64Array {
  const out = new Float64Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
