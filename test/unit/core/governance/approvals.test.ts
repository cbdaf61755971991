import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import type {
  ApprovalCheck,
  ApprovalRecord,
  DecideResult,
  Identity,
} from '../../../../src-main/common/schemas/governance';
import { approvalCountText } from '../../../../src-main/common/approval-count';
import { identityFile } from '../../../../src-main/core/governance/local-identity';
import { setPolicy } from '../../../../src-main/core/governance/set-policy';
import { defaultLicensePolicy } from '../../../../src-main/core/licenses/policy';
import { verifyChain } from '../../../../src-main/core/audit/audit-log';
import { signAsLocalIdentity } from './authorship-helpers';
import { addBundle, addReplay, auditActions, governanceStore, runMeta, sha } from './governance-helpers';
import { person } from './approval-fixtures';
import { signedTeam, teamText } from './team-fixtures';

const ruleStatus = (c: ApprovalCheck) => Object.fromEntries(c.rules.map((r) => [r.id, r.status]));

describe('identity', () => {
  it('creates one Ed25519 identity per store, audited; the private key is only stored encrypted', async () => {
    const { store, call } = await governanceStore();
    expect(await call('identity:get', {})).toEqual({ identity: null });
    const id = await call<Identity>('identity:create', { name: 'Ravi', email: 'Ravi@Example.org' });
    expect(id).toMatchObject({
      name: 'Ravi',
      email: 'ravi@example.org',
      keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
      protection: 'scrypt',
    });
    expect(await call('identity:get', {})).toEqual({ identity: id });
    expect(statSync(identityFile(store.dir)).mode & 0o777).toBe(0o600);
    const stored = readFileSync(identityFile(store.dir), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ keyId: id.keyId, protected: { kind: 'scrypt', cipher: 'aes-256-gcm' } });
    expect(stored).not.toMatch(/PRIVATE KEY|MC4CAQAwBQYDK2Vw/); // no PEM, no PKCS#8 DER base64 prefix
    await expect(call('identity:create', { name: 'Other', email: 'o@example.org' })).rejects.toThrow(
      /conflict: this store already has an identity/,
    );
    await expect(call('identity:create', { name: 'X', email: 'not-an-email' })).rejects.toThrow(/invalid-request/);
    expect(auditActions(store)).toEqual(['identity.create']);
  });
});

describe('approvals', () => {
  it('check lists every rule; decide signs, stores the envelope and its audit entry; the decision verifies', async () => {
    const { store, call } = await governanceStore();
    addBundle(store, sha('1'), runMeta('run 1', 'dana@example.org', [['loader', '1.0']]));
    let check = await call<ApprovalCheck>('approvals:check', { digest: sha('1') });
    expect(check.blocking.map((r) => r.id)).toEqual(['replay-reproduced', 'identity']);
    await call('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    addReplay(store, sha('1'), 'not-reproduced', '2026-03-01T08:00:00.000Z');
    check = await call<ApprovalCheck>('approvals:check', { digest: sha('1') });
    expect(check.blocking.map((r) => r.id)).toEqual(['replay-reproduced']);
    expect(check.state).toBe('pending');

    const blocked = await call<DecideResult>('approvals:decide', {
      digest: sha('1'),
      decision: 'approve',
      reason: 'looks right',
    });
    expect(blocked).toMatchObject({
      accepted: false,
      approval: null,
      problems: [{ code: 'approval-blocked', rule: 'replay-reproduced' }],
    });
    expect(store.get<{ n: number }>('SELECT COUNT(*) AS n FROM approvals')!.n).toBe(0);
    await expect(
      call('approvals:decide', {
        digest: sha('1'),
        decision: 'approve',
        reason: 'x',
        justifications: { accuracy: 'seed' },
        passphrase: 'wrong passphrase',
      }),
    ).rejects.toThrow(/wrong passphrase/);
    await expect(call('approvals:decide', { digest: sha('1'), decision: 'approve', reason: '  ' })).rejects.toThrow(
      /a reason is required/,
    );

    const done = await call<DecideResult>('approvals:decide', {
      digest: sha('1'),
      decision: 'approve',
      reason: 'within noise',
      justifications: { accuracy: 'a different BLAS; 0.05 is known noise' },
    });
    expect(done.accepted).toBe(true);
    expect(done.check.state).toBe('approved');
    expect(done.record).toMatchObject({
      decision: 'approve',
      holds: true,
      approver: { email: 'ravi@example.org' },
      justifications: { accuracy: expect.stringMatching(/BLAS/) },
    });
    const statement = JSON.parse(Buffer.from(done.approval!.payload, 'base64').toString('utf8'));
    expect(statement.subject).toEqual([
      { name: 'bundle', digest: { sha256: sha('1') } },
      { name: 'data/model/model.onnx', digest: { sha256: sha('m') } },
    ]);
    expect(statement.predicate).toMatchObject({
      decision: 'approve',
      replay: { verdict: 'not-reproduced', outputSha256: sha('o') },
      licenseVerdict: 'allowed',
      policyHash: check.policyHash,
      audit: { seq: 2 },
    });
    const entry = store.get<{ seq: number; action: string }>(
      'SELECT seq, action FROM audit_log ORDER BY seq DESC LIMIT 1',
    )!;
    expect(entry).toEqual({ seq: 3, action: 'approval.decide' });
    expect(done.record!.auditSeq).toBe(3);
    expect(verifyChain(store).valid).toBe(true);

    const verified = await call<{ valid: boolean; signer: { email: string } }>('attestation:verify', {
      envelope: JSON.stringify(done.approval),
      digest: sha('1'),
    });
    expect(verified).toMatchObject({ valid: true, signer: { email: 'ravi@example.org' }, decision: 'approve' });
    const other = await call<{ valid: boolean; problems: { code: string }[] }>('attestation:verify', {
      envelope: JSON.stringify(done.approval),
      digest: sha('2'),
    });
    expect(other.problems.map((p) => p.code)).toEqual(['attestation-wrong-bundle']);
    expect(await call('approvals:list', { digest: sha('1') })).toMatchObject({ approvals: [{ id: done.record!.id }] });
  });

  it("a reviewer's second decision on a bundle supersedes the first (audited) and never counts twice; every count is the same n of m (issue 17)", async () => {
    const { store, call } = await governanceStore();
    await call('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    addBundle(store, sha('1'), runMeta('run 1', 'dana@example.org', [['loader', '1.0']]));
    addReplay(store, sha('1'), 'reproduced', '2026-03-01T08:00:00.000Z');
    const first = await call<DecideResult>('approvals:decide', {
      digest: sha('1'),
      decision: 'approve',
      reason: 'reproduced here',
    });
    expect(first).toMatchObject({
      accepted: true,
      supersedes: null,
      check: {
        state: 'approved',
        approvals: 1,
        approvalsWithThis: 1,
        quorum: 1,
        yours: { id: first.record!.id, decision: 'approve', holds: true },
      },
    });
    // The approved bundle's check never reads "0 of 1".
    const check = await call<ApprovalCheck>('approvals:check', { digest: sha('1') });
    expect(check).toMatchObject({ state: 'approved', approvals: 1, quorum: 1 });
    expect(approvalCountText(check)).toBe('1 of 1 required approval holds');

    const again = await call<DecideResult>('approvals:decide', {
      digest: sha('1'),
      decision: 'approve',
      reason: 'checked once more',
    });
    expect(again).toMatchObject({
      accepted: true,
      supersedes: { id: first.record!.id, decision: 'approve' },
      check: { state: 'approved', approvals: 1, quorum: 1 },
    });
    const history = await call<{ approvals: ApprovalRecord[] }>('approvals:list', { digest: sha('1') });
    expect(history.approvals.map((a) => [a.id, a.holds, a.supersededBy])).toEqual([
      [again.record!.id, true, null],
      [first.record!.id, false, again.record!.id],
    ]);
    const entry = store.get<{ details_json: string }>(
      "SELECT details_json FROM audit_log WHERE action = 'approval.decide' ORDER BY seq DESC LIMIT 1",
    )!;
    expect(JSON.parse(entry.details_json)).toMatchObject({
      approvalId: again.record!.id,
      supersedes: first.record!.id,
      osUser: 'ravi',
    });
    // The signing identity is the actor of what it signed; the OS account is a detail (issue 17).
    const actors = store.all<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE action IN ('identity.create', 'approval.decide') ORDER BY seq",
    );
    expect(new Set(actors.map((a) => a.actor))).toEqual(new Set(['Ravi <ravi@example.org>']));
    const { listAudit } = await import('../../../../src-main/core/audit/audit-log');
    const { auditFacets } = await import('../../../../src-main/core/store/repos/audit-repo');
    expect(auditFacets(store)).toMatchObject({
      actors: expect.arrayContaining(['Ravi <ravi@example.org>']),
      actions: expect.arrayContaining(['approval.decide', 'identity.create']),
    });
    expect(listAudit(store, { actor: 'Ravi <ravi@example.org>', action: 'approval.decide' }).total).toBe(2);
    expect(listAudit(store, { action: 'approval.decide', limit: 1 }).entries[0]).toMatchObject({
      subject: sha('1'),
      subjectName: 'run 1',
    });

    // A rejection by the same reviewer replaces their approval: the bundle is rejected, with no approval holding.
    const reject = await call<DecideResult>('approvals:decide', {
      digest: sha('1'),
      decision: 'reject',
      reason: 'found a leak',
    });
    expect(reject.check).toMatchObject({ state: 'rejected', approvals: 0 });
    expect(reject.supersedes?.id).toBe(again.record!.id);
  });

  it("the author is blocked from approving their own run; the inbox shows only others' runs, with what blocks them", async () => {
    const { store, call } = await governanceStore();
    await call('identity:create', { name: 'Dana', email: 'dana@example.org' });
    // Her run names a colleague as author, but she signed it: the signature decides who the author is.
    addBundle(store, sha('1'), runMeta('own run', 'lena@example.org', [['loader', '1.0']]));
    await signAsLocalIdentity(store, sha('1'));
    addReplay(store, sha('1'), 'reproduced', '2026-03-01T08:00:00.000Z');
    const r = await call<DecideResult>('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'mine' });
    expect(r.problems).toEqual([
      {
        code: 'approval-blocked',
        rule: 'separation-of-duties',
        message: expect.stringMatching(/signed this run as its author/),
      },
    ]);
    // The inbox leaves out my own runs, and says what blocks the others.
    addBundle(store, sha('2'), runMeta('their run', 'lena@example.org', [['loader', '1.0']]));
    const inbox = await call<{ items: { bundleDigest: string; blocking: { id: string }[] }[] }>('approvals:inbox', {});
    expect(inbox.items).toEqual([
      expect.objectContaining({
        bundleDigest: sha('2'),
        state: 'pending',
        blocking: [expect.objectContaining({ id: 'replay-reproduced' })],
      }),
    ]);
  });

  it('a license policy change supersedes earlier approvals', async () => {
    const { store, call, tick } = await governanceStore();
    await call('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    addBundle(store, sha('1'), runMeta('run 1', 'dana@example.org', [['loader', '1.0']]));
    addReplay(store, sha('1'), 'reproduced', '2026-03-01T08:00:00.000Z');
    expect(
      (await call<DecideResult>('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'ok' })).check
        .state,
    ).toBe('approved');
    tick();
    expect(setPolicy(store, { ...defaultLicensePolicy, intendedUse: 'research' }, { actor: 'lee' }).changed).toBe(true);
    expect(await call('approvals:list', { digest: sha('1') })).toMatchObject({ approvals: [{ holds: false }] });
    expect((await call<ApprovalCheck>('approvals:check', { digest: sha('1') })).state).toBe('superseded');
    const inbox = await call<{ items: { state: string }[] }>('approvals:inbox', {});
    expect(inbox.items).toEqual([expect.objectContaining({ state: 'superseded' })]);
    tick();
    expect(
      (await call<DecideResult>('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'still ok' }))
        .check.state,
    ).toBe('approved');
  });
});

describe('team and modules', () => {
  it('team:import validates, stores signed versions (audited), sets module owners; the quorum is part of the policy hash', async () => {
    const { store, call } = await governanceStore();
    const ravi = await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    const lena = person('Lena', 'lena@example.org');
    const before = await call<{ policyHash: string }>('team:get', {});
    const bad = await call<{ saved: boolean; problems: { message: string }[] }>('team:import', {
      text: '{"signed": {"members": []}, "signatures": []}',
    });
    expect(bad.saved).toBe(false);
    expect(bad.problems[0]!.message).toMatch(/signed/);
    const team = teamText(
      signedTeam(
        [
          { p: ravi, roles: ['reviewer'] },
          { p: lena, roles: ['owner'] },
        ],
        { moduleOwners: { loader: ['Lena@example.org'] }, quorum: 2, requireSignedAuthorship: false },
      ),
    );
    expect(await call('team:import', { text: team })).toMatchObject({
      saved: true,
      changed: true,
      team: { version: 1, signed: true, team: { quorum: 2 } },
      pinned: { version: 1 },
    });
    expect(await call('team:import', { text: team })).toMatchObject({ saved: true, changed: false, pinned: null });
    const after = await call<{ policyHash: string; team: { version: number }; localAdmin: boolean }>('team:get', {});
    expect(after.policyHash).not.toBe(before.policyHash);
    expect(after.localAdmin).toBe(false); // Ravi reviews; the team's admin is someone else
    expect(auditActions(store)).toEqual(['identity.create', 'team.import-refused', 'team.import']);
    expect(await call('modules:list', {})).toEqual({
      modules: [{ name: 'loader', codeRepository: null, owners: ['lena@example.org'], versions: [] }],
    });
  });

  it('a module version change needs its owner; setOwners is audited', async () => {
    const { store, call, tick } = await governanceStore();
    await call('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    addBundle(
      store,
      sha('1'),
      runMeta('run 1', 'dana@example.org', [
        ['loader', '1.0'],
        ['train', '2.0'],
      ]),
    );
    addReplay(store, sha('1'), 'reproduced', '2026-03-01T08:00:00.000Z');
    await call('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'ok' });
    tick();
    addBundle(
      store,
      sha('2'),
      runMeta('run 2', 'dana@example.org', [
        ['loader', '1.1'],
        ['train', '2.0'],
      ]),
    );
    addReplay(store, sha('2'), 'reproduced', '2026-03-01T08:00:00.000Z');
    let check = await call<ApprovalCheck>('approvals:check', { digest: sha('2') });
    expect(check.blocking.map((r) => r.id)).toEqual(['module-owners']);
    expect(check.requiredOwners).toEqual([{ module: 'loader', from: '1.0', to: '1.1', owners: [], approvedBy: [] }]);
    const entry = await call<{ owners: string[]; versions: { version: string; bundles: { digest: string }[] }[] }>(
      'modules:setOwners',
      { module: 'loader', owners: ['lena@example.org'] },
    );
    expect(entry.owners).toEqual(['lena@example.org']);
    expect(entry.versions.map((v) => [v.version, v.bundles.map((b) => b.digest)])).toEqual([
      ['1.0', [sha('1')]],
      ['1.1', [sha('2')]],
    ]);
    await call('modules:setOwners', { module: 'loader', owners: ['lena@example.org'] }); // unchanged: not audited again
    expect(auditActions(store).filter((a) => a === 'module.owners')).toHaveLength(1);
    check = await call<ApprovalCheck>('approvals:check', { digest: sha('2') });
    expect(ruleStatus(check)['module-owners']).toBe('wait');
    const r = await call<DecideResult>('approvals:decide', { digest: sha('2'), decision: 'approve', reason: 'ok' });
    expect(r.accepted).toBe(true);
    expect(r.check.state).toBe('pending'); // recorded, but the owner has not approved yet
  });
});
