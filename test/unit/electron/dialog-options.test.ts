import { describe, expect, it } from 'vitest';
import { filtersFor, withExtension } from '../../../src-main/electron/dialog-options';

describe('native dialog options', () => {
  it('adds the expected extension to a saved name that lacks it, and only then', () => {
    expect(withExtension('/home/me/run', ['zip'])).toBe('/home/me/run.zip');
    expect(withExtension('/home/me/run.bundle', ['zip'])).toBe('/home/me/run.bundle.zip');
    expect(withExtension('/home/me/run.ZIP', ['zip'])).toBe('/home/me/run.ZIP');
    expect(withExtension('/home/me/run.zip', ['zip'])).toBe('/home/me/run.zip');
    expect(withExtension('/home/me/run', undefined)).toBe('/home/me/run');
  });

  it('filters by the given extensions, or not at all', () => {
    expect(filtersFor(['db', 'sqlite'])).toEqual([{ name: '.db, .sqlite', extensions: ['db', 'sqlite'] }]);
    expect(filtersFor(undefined)).toEqual([]);
  });
});
