import { MAX_DISAGREEMENTS } from './diagnostics';
import { classMapping, labelKey } from './labels';
import type { OutputHasher } from './output-hash';
import type { DisagreementRow, PredictionComparison, WorkerResult } from './protocol';
import { inputError } from './replay-error';

/**
 * Accumulates a classifier's per-batch outputs (probabilities, logits or labels) into class probabilities and
 * predicted indices; the labels are mapped to class indices at the end, when every label and the output width
 * are known. The hash covers the model's raw output (before softmax) in data order.
 */
export class ClassificationOutputs {
  // Raw outputs kept as the runtime returned them; converted once in finish(), off the inference loop.
  private batches: { data: ArrayLike<number | bigint | string>; rows: number; k: number }[] = [];
  private width: number | null = null;
  private rows = 0;

  constructor(
    private readonly kind: 'probabilities' | 'logits' | 'labels',
    private readonly hasher: OutputHasher,
  ) {}

  /** data: rows × k (probabilities/logits; k = 1 means the positive class of a binary model) or rows (labels). */
  add(data: ArrayLike<number | bigint | string>, rows: number, k: number): void {
    if (this.kind !== 'labels') {
      if (this.width !== null && this.width !== Math.max(k, 2))
        throw inputError(
          'replay-output-shape',
          `the model output ${k} classes in one batch and ${this.width} in another`,
        );
      this.width = Math.max(k, 2);
    }
    this.batches.push({ data, rows, k });
    this.rows += rows;
  }

  private probabilities(): Float64Array {
    const w = this.width ?? 2;
    const out = new Float64Array(this.rows * w);
    let row = 0;
    for (const { data, rows, k } of this.batches) {
      const f = data as ArrayLike<number>;
      this.hasher.add(f);
      for (let r = 0; r < rows; r++, row++) {
        if (k === 1) {
          const v = f[r]!;
          const p = this.kind === 'logits' ? 1 / (1 + Math.exp(-v)) : v;
          out[2 * row] = 1 - p;
          out[2 * row + 1] = p;
        } else if (this.kind === 'logits') softmax(f, r * k, k, out, row * k);
        else for (let j = 0; j < k; j++) out[row * k + j] = f[r * k + j]!;
      }
    }
    return out;
  }

  finish(
    labels: string[],
    modelClasses: string[] | null,
    file: string,
    recorded: unknown[] | null,
  ): Extract<WorkerResult, { kind: 'classification' }> {
    const mapping = classMapping(labels, modelClasses, this.width, file);
    const yTrue = Int32Array.from(labels, (l) => mapping.indexOf(l));
    let probabilities: Float64Array | null = null;
    let yPred: Int32Array;
    if (this.kind === 'labels') {
      const predicted = this.batches.flatMap((b) => Array.from(b.data as ArrayLike<unknown>));
      this.hasher.add(predicted.map((v) => (typeof v === 'string' ? mapping.indexOf(v) : Number(v))));
      yPred = Int32Array.from(predicted, (v) => mapping.indexOf(typeof v === 'bigint' ? Number(v) : v));
    } else {
      const w = this.width ?? 2;
      probabilities = this.probabilities();
      yPred = new Int32Array(this.rows);
      for (let r = 0; r < this.rows; r++) yPred[r] = argmax(probabilities, r * w, w);
    }
    let predictions: PredictionComparison | null = null;
    const disagreeing: DisagreementRow[] = [];
    if (recorded) {
      let disagreements = 0;
      recorded.forEach((v, i) => {
        if (mapping.indexOf(v) === yPred[i]) return;
        disagreements++;
        if (disagreeing.length < MAX_DISAGREEMENTS) {
          disagreeing.push({
            row: i + 1,
            recorded: labelKey(v),
            replayed: mapping.classes[yPred[i]!] ?? null,
            label: labels[i] ?? null,
          });
        }
      });
      predictions = { rows: recorded.length, disagreements };
    }
    return {
      kind: 'classification',
      rows: this.rows,
      yTrue,
      yPred,
      probabilities,
      classes: mapping.classes,
      labelMapping: mapping.describe,
      predictions,
      disagreeing,
      outputSha256: this.hasher.digest(),
    };
  }
}

function softmax(f: ArrayLike<number>, at: number, k: number, out: Float64Array, to: number): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, f[at + j]!);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += out[to + j] = Math.exp(f[at + j]! - max);
  for (let j = 0; j < k; j++) out[to + j]! /= sum;
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
