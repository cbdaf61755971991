import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from '../../../src-renderer/app/routes';

describe('renderer hash routes', () => {
  it('maps every section and a bundle page', () => {
    expect(parseHash('')).toEqual({ section: 'bundles', digest: null });
    expect(parseHash('#/')).toEqual({ section: 'bundles', digest: null });
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
});
