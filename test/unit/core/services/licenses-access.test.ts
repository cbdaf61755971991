import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { licensesAccessHandlers } from '../../../../src-main/core/services/licenses-access';
import { clockedStore, file, metadata, sha, storeBundle } from '../governance/governance-helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** The channels as the renderer reaches them: through dispatch, so each request meets its contract schema first. */
async function channels() {
  const s = await clockedStore();
  cleanups.push(s.dispose);
  storeBundle(
    s.store,
    sha('1'),
    metadata({ name: 'faces', files: [file('data/faces.csv', 'data', 'CC-BY-NC-4.0', 'restricted', sha('a'))] }),
  );
  const handlers = licensesAccessHandlers(s.store, 'lee') as unknown as Handlers;
  return { ...s, call: (channel: string, request: unknown) => dispatch(handlers, channel, request) };
}

describe('Licenses & Access channels', () => {
  it('policy:set answers with the problems of bad JSON or bad entries, and stores a good policy', async () => {
    const { call } = await channels();
    expect(await call('policy:get', {})).toMatchObject({ ok: true, value: { version: 1, isDefault: true } });
    const syntax = await call('policy:set', { text: '{"intendedUse": ' });
    expect(syntax).toMatchObject({
      ok: true,
      value: {
        saved: false,
        problems: [{ code: 'policy-invalid', message: expect.stringMatching(/^not valid JSON/) }],
      },
    });
    const entry = await call('policy:set', {
      text: JSON.stringify({ intendedUse: 'research', allow: ['apache-2.0'], deny: [], review: [] }),
    });
    expect(entry).toMatchObject({
      ok: true,
      value: {
        saved: false,
        problems: [{ message: expect.stringMatching(/^allow\[0\]: .*apache-2\.0/), field: 'allow[0]' }],
      },
    });
    const good = await call('policy:set', {
      text: JSON.stringify({ intendedUse: 'research', allow: ['MIT'], deny: [], review: ['CC-BY-NC-4.0'] }),
      note: 'lab',
    });
    expect(good).toMatchObject({
      ok: true,
      value: {
        saved: true,
        changed: true,
        policy: { version: 2, note: 'lab' },
        reevaluated: {
          bundles: 1,
          verdictsChanged: 1,
          changes: [expect.objectContaining({ digest: expect.any(String), name: expect.any(String) })],
        },
      },
    });
  });

  it('access:grant validates its request; grants, lists, revokes; licenses:list shows the grant', async () => {
    const { call } = await channels();
    expect(await call('access:grant', { grantee: '', dataset: sha('a'), agreement: 'DUA' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/grantee: who the grant is for/) },
    });
    expect(
      await call('access:grant', { grantee: 'kim', dataset: sha('a'), agreement: 'DUA', expiresAt: 'tomorrow' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const granted = await call('access:grant', {
      grantee: 'kim',
      dataset: 'data/faces.csv',
      agreement: 'DUA',
      expiresAt: '2026-04-01T00:00:00Z',
    });
    expect(granted).toMatchObject({ ok: true, value: { datasetSha256: sha('a'), state: 'active' } });
    const id = (granted as { value: { id: string } }).value.id;
    expect(await call('licenses:list', { classification: 'restricted' })).toMatchObject({
      ok: true,
      value: { total: 1, rows: [{ activeGrants: 1 }] },
    });
    expect(await call('access:revoke', { id, reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('access:revoke', { id, reason: 'done' })).toMatchObject({
      ok: true,
      value: { state: 'revoked' },
    });
    expect(await call('access:grants', { state: 'active' })).toMatchObject({ ok: true, value: { grants: [] } });
    expect(await call('access:events', { purpose: 'print' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('access:grants marks grants whose time ran out as expired (audited) before listing', async () => {
    const { call, clock, store } = await channels();
    await call('access:grant', {
      grantee: 'kim',
      dataset: sha('a'),
      agreement: 'DUA',
      expiresAt: '2026-03-02T00:00:00Z',
    });
    clock.now = new Date('2026-03-03T00:00:00Z');
    expect(await call('access:grants', {})).toMatchObject({ ok: true, value: { grants: [{ state: 'expired' }] } });
    expect(
      store.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.grant-expired'")?.n,
    ).toBe(1);
  });

  it('compliance:report answers CSV and JSON text; licenses:bundle the stored report', async () => {
    const { call } = await channels();
    const csv = (await call('compliance:report', { format: 'csv' })) as {
      ok: true;
      value: { text: string; mediaType: string };
    };
    expect(csv.value.mediaType).toBe('text/csv');
    expect(csv.value.text.split('\r\n')).toHaveLength(3); // header, one artifact, trailing newline
    const json = (await call('compliance:report', { format: 'json' })) as { ok: true; value: { text: string } };
    expect(JSON.parse(json.value.text)).toMatchObject({ kind: 'provdesk-compliance-report', summary: { bundles: 1 } });
    expect(await call('compliance:report', { format: 'pdf' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await call('licenses:bundle', { digest: sha('1') })).toMatchObject({
      ok: true,
      value: { verdict: 'denied', bundleDigest: sha('1'), policyVersion: 1 },
    });
  });
});
