/**
 * Sums computed exactly as numpy 1.24 reduces a contiguous float64 axis (`np.sum`, `np.mean`,
 * `np.average`): pairwise summation with eight accumulators and 128-element leaves. Using the same
 * order as numpy makes the replayed numbers equal to scikit-learn's bit for bit in the usual case, and
 * keeps degenerate cases (r2 with a constant target, where numpy's mean is a hair off the constant)
 * reproducible. The error grows with log(n), so long sums stay accurate.
 */

const BLOCK = 128; // numpy's PW_BLOCKSIZE

/** numpy's `pairwise_sum` over `a[start .. start+n)`. */
function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[start]!;
    let r1 = a[start + 1]!;
    let r2 = a[start + 2]!;
    let r3 = a[start + 3]!;
    let r4 = a[start + 4]!;
    let r5 = a[start + 5]!;
    let r6 = a[start + 6]!;
    let r7 = a[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      r0 += a[p]!;
      r1 += a[p + 1]!;
      r2 += a[p + 2]!;
      r3 += a[p + 3]!;
      r4 += a[p + 4]!;
      r5 += a[p + 5]!;
      r6 += a[p + 6]!;
      r7 += a[p + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** `np.sum(a[start:start+n])`: the reduction starts from the identity 0, then adds the pairwise sum. */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  return 0 + pairwise(a, start, n);
}

/** `np.mean(a)` / `np.average(a)` without weights. */
export function npMean(a: ArrayLike<number>): number {
  return npSum(a) / a.length;
}
