import { describe, expect, it } from 'vitest';
import { compareHref, parseHash } from '../../../src-renderer/app/routes';
import { changeLabel, formatDiffValue } from '../../../src-renderer/features/compare/compare-format';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);

describe('compare routes', () => {
  it('#/compare/<a>/<b> is the compare view under Bundles, and compareHref makes it', () => {
    expect(parseHash(compareHref(a, b))).toEqual({ section: 'bundles', digest: a, compareWith: b });
  });
  it('a compare address without both bundles, or with more parts, is not found', () => {
    expect(parseHash(`#/compare/${a}`)).toBeNull();
    expect(parseHash('#/compare')).toBeNull();
    expect(parseHash(`#/compare/${a}/${b}/x`)).toBeNull();
  });
});

describe('compare formatting', () => {
  it('marks each change in words, the loud data change above all', () => {
    expect(changeLabel({ name: 'x', a: 1, b: 2, change: 'changed' })).toBe('~ changed');
    expect(changeLabel({ name: 'x', a: null, b: 2, change: 'added' })).toBe('+ only in B');
    expect(changeLabel({ name: 'x', a: a, b: b, change: 'changed', loud: true })).toBe('!! different bytes');
    expect(formatDiffValue(a)).toBe('aaaaaaaaaaaa…');
    expect(formatDiffValue(null)).toBe('—');
    expect(formatDiffValue(false)).toBe('false');
  });
});
