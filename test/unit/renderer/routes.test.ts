import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, shownSection } from '../../../src-renderer/app/routes';

describe('renderer hash routes', () => {
  it('maps every section and a bundle page', () => {
    expect(parseHash('')).toEqual({ section: 'dashboard', digest: null, home: true });
    expect(parseHash('#/')).toEqual({ section: 'dashboard', digest: null, home: true });
    expect(parseHash('#/dashboard')).toEqual({ section: 'dashboard', digest: null });
    expect(parseHash('#/audit')).toEqual({ section: 'audit', digest: null });
    expect(parseHash('#/licenses')).toEqual({ section: 'licenses', digest: null });
    const digest = 'ab'.repeat(32);
    expect(parseHash(`#/bundles/${digest}`)).toEqual({ section: 'bundles', digest });
    const id = '0b9e8f2a-4c1d-4e57-9a3b-2f6d8c7e1a90';
    expect(parseHash(`#/replays/${id}`)).toEqual({ section: 'replays', digest: id });
    expect(parseHash(hrefFor('replays', id))).toEqual({ section: 'replays', digest: id });
  });

  it('round-trips through hrefFor', () => {
    const digest = 'cd'.repeat(32);
    expect(parseHash(hrefFor('bundles', digest))).toEqual({ section: 'bundles', digest });
    expect(parseHash(hrefFor('settings'))).toEqual({ section: 'settings', digest: null });
  });

  it('returns null for unknown screens and for sub-paths outside Bundles and Replays', () => {
    expect(parseHash('#/nope')).toBeNull();
    expect(parseHash('#/audit/12')).toBeNull();
    expect(parseHash('#/replays/a/b')).toBeNull();
    expect(parseHash(`#/bundles/${'ab'.repeat(32)}/extra`)).toBeNull();
    expect(parseHash('#/__proto__')).toBeNull();
  });

  it('carries list filters as query parameters, and only plain keys with values', () => {
    expect(parseHash('#/bundles?state=approved')).toEqual({
      section: 'bundles',
      digest: null,
      params: { state: 'approved' },
    });
    expect(parseHash(hrefFor('licenses', null, { tab: 'grants', status: 'needs-review' }))).toEqual({
      section: 'licenses',
      digest: null,
      params: { tab: 'grants', status: 'needs-review' },
    });
    expect(hrefFor('bundles', null, { state: 'not-reproduced' })).toBe('#/bundles?state=not-reproduced');
    expect(parseHash('#/bundles?state=')).toEqual({ section: 'bundles', digest: null });
    const odd = parseHash('#/bundles?__proto__=x&constructor=y&a%20b=z&state=a%26b');
    expect(odd).toEqual({ section: 'bundles', digest: null, params: { constructor: 'y', state: 'a&b' } });
    expect(Object.getPrototypeOf(odd!.params)).toBe(Object.prototype);
    expect(parseHash('#/nope?state=approved')).toBeNull();
  });

  it('the home address shows the dashboard once the store has a bundle, Bundles (import) while it is empty', () => {
    const home = parseHash('')!;
    expect(shownSection(home, 0)).toBe('bundles');
    expect(shownSection(home, 3)).toBe('dashboard');
    expect(shownSection(home, null)).toBe('dashboard'); // not known yet: the page waits (aria-busy)
    expect(shownSection(parseHash('#/dashboard')!, 0)).toBe('dashboard'); // asked for by name: shown, empty
  });
});
