import { describe, expect, it } from 'vitest';
import { approvalState, evaluateApproval, type PriorDecision } from '../../../../src-main/core/governance/approval-rules';
import { teamKeys } from '../../../../src-main/core/governance/team-file';
import { hex, passingInput, person, teamOf } from './approval-fixtures';

const ravi = person('Ravi', 'ravi@example.org');
const lena = person('Lena', 'lena@example.org');
const dana = person('Dana', 'dana@example.org'); // the run's author in passingInput

const statusOf = (check: ReturnType<typeof evaluateApproval>, id: string) => check.rules.find((r) => r.id === id)!;
const decided = (p: typeof ravi, decision: 'approve' | 'reject', policyHash = hex('p'), decidedAt = '2026-01-01T00:00:00Z'): PriorDecision => ({ keyId: p.keyId, email: p.email, decision, policyHash, decidedAt });

describe('approval rules', () => {
  it('all pass for a reviewer who is not the author, with no team file', () => {
    const check = evaluateApproval(passingInput(ravi));
    expect(check.blocking).toEqual([]);
    expect(check.rules.map((r) => [r.id, r.status])).toEqual([
      ['bundle-verified', 'pass'],
      ['replay-reproduced', 'pass'],
      ['license-not-denied', 'pass'],
      ['identity', 'pass'],
      ['reviewer-role', 'pass'],
      ['separation-of-duties', 'pass'],
      ['module-owners', 'pass'],
      ['quorum', 'pass'],
    ]);
    expect(statusOf(check, 'reviewer-role').message).toMatch(/no team file: the local identity may review/);
    expect(check.state).toBe('pending');
  });

  it('weak hashes block, in words that say what to do', () => {
    const check = evaluateApproval(passingInput(ravi, { bundle: { ...passingInput(ravi).bundle, status: 'weak' } }));
    expect(check.blocking.map((r) => r.id)).toEqual(['bundle-verified']);
    expect(check.blocking[0]!.message).toMatch(/weak hashes \(MD5\/SHA-1\).*SHA-256 manifest/);
  });

  it('no replay blocks; a failed replay blocks even with justifications', () => {
    expect(evaluateApproval(passingInput(ravi, { replay: null })).blocking[0]).toMatchObject({ id: 'replay-reproduced', message: expect.stringMatching(/no replay of this bundle yet/) });
    const failed = evaluateApproval(passingInput(ravi, { replay: { id: 'r', verdict: 'failed', reason: 'the worker crashed', metrics: [] }, justifications: { outputs: 'fine' } }));
    expect(failed.blocking[0]!.message).toMatch(/could not run.*the worker crashed/);
  });

  it('not reproduced: each metric outside tolerance needs a written justification', () => {
    const replay = {
      id: 'r',
      verdict: 'not-reproduced' as const,
      reason: '2 metrics outside tolerance',
      metrics: [
        { name: 'accuracy', pass: false, reported: 0.95, replayed: 0.9 },
        { name: 'f1', pass: false, reported: 0.9, replayed: 0.8 },
        { name: 'loss', pass: true, reported: 0.1, replayed: 0.1 },
      ],
    };
    const none = evaluateApproval(passingInput(ravi, { replay }));
    expect(none.blocking[0]!.message).toMatch(/justification for accuracy \(reported 0.95, replayed 0.9\); f1 \(reported 0.9, replayed 0.8\)\.$/);
    expect(none.blocking[0]!.hint).toBe('--justify accuracy=TEXT'); // the CLI's way; the app has a field per metric
    const one = evaluateApproval(passingInput(ravi, { replay, justifications: { accuracy: 'known nondeterminism', f1: '   ' } }));
    expect(one.blocking[0]!.message).toMatch(/for f1 \(reported/);
    expect(one.blocking[0]!.message).not.toMatch(/accuracy/);
    const both = evaluateApproval(passingInput(ravi, { replay, justifications: { accuracy: 'a', f1: 'b' } }));
    expect(both.blocking).toEqual([]);
    expect(statusOf(both, 'replay-reproduced').message).toMatch(/justification for accuracy, f1/);
    // Outputs differ while every metric passes: the justification is for "outputs".
    const outputs = evaluateApproval(passingInput(ravi, { replay: { ...replay, metrics: [] } }));
    expect(outputs.blocking[0]!.hint).toBe('--justify outputs=TEXT');
  });

  it('a denied license verdict blocks; needs-review passes with a note', () => {
    expect(evaluateApproval(passingInput(ravi, { licenseVerdict: 'denied' })).blocking.map((r) => r.id)).toEqual(['license-not-denied']);
    expect(evaluateApproval(passingInput(ravi, { licenseVerdict: null })).blocking.map((r) => r.id)).toEqual(['license-not-denied']);
    const review = evaluateApproval(passingInput(ravi, { licenseVerdict: 'needs-review' }));
    expect(review.blocking).toEqual([]);
    expect(statusOf(review, 'license-not-denied').message).toMatch(/need review/);
  });

  it('the author cannot approve or reject their own run (email compared without case)', () => {
    const own = evaluateApproval(passingInput({ ...dana, email: 'Dana@Example.org' }));
    expect(own.blocking.map((r) => r.id)).toEqual(['separation-of-duties']);
    expect(own.blocking[0]!.message).toMatch(/You \(Dana@Example.org\) are the run's author/);
    expect(evaluateApproval(passingInput(dana, { decision: 'reject' })).blocking.map((r) => r.id)).toEqual(['separation-of-duties']);
  });

  it("with a team, the approver's email is the team's for that key, not the identity's claim", () => {
    // Dana made an identity claiming to be someone else; the team file lists that key as Dana's.
    const disguised = { ...person('Not Dana', 'someone-else@example.org') };
    const team = teamOf([{ p: { ...disguised, email: 'dana@example.org' } }]);
    const check = evaluateApproval(passingInput(disguised, { team, keys: teamKeys(team) }));
    expect(check.blocking.map((r) => r.id)).toEqual(['separation-of-duties']);
    expect(check.approver?.email).toBe('dana@example.org');
  });

  it('a rejection is not blocked by the qualities it rejects', () => {
    const check = evaluateApproval(passingInput(ravi, { decision: 'reject', replay: null, licenseVerdict: 'denied' }));
    expect(check.blocking).toEqual([]);
  });

  it('no identity blocks', () => {
    const check = evaluateApproval(passingInput(ravi, { approver: null }));
    expect(check.blocking.map((r) => r.id)).toEqual(['identity']);
    expect(check.blocking[0]).toMatchObject({ message: 'There is no signing identity in this store: create one.', hint: 'provdesk identity create --name N --email E' });
  });

  it('with a team: the key must be a current reviewer, owner or admin key', () => {
    const old = person('Ravi', 'ravi@example.org');
    const team = teamOf([{ p: ravi, revokedKeys: [old.keyId] }, { p: lena, roles: ['contributor'] }]);
    const keys = teamKeys(team);
    expect(evaluateApproval(passingInput(ravi, { team, keys })).blocking).toEqual([]);
    expect(evaluateApproval(passingInput(lena, { team, keys })).blocking[0]!.message).toMatch(/is a contributor in the team, not a reviewer/);
    expect(evaluateApproval(passingInput(old, { team, keys })).blocking[0]!.message).toMatch(/is revoked in the team file/);
    const stranger = person('S', 's@example.org');
    expect(evaluateApproval(passingInput(stranger, { team, keys })).blocking[0]!.message).toMatch(/is not in the team file/);
  });

  it('quorum: waits for more approvals, counting this one and holding approvals of others', () => {
    const team = teamOf([{ p: ravi }, { p: lena }], { quorum: 2 });
    const keys = teamKeys(team);
    const first = evaluateApproval(passingInput(ravi, { team, keys }));
    expect(first.blocking).toEqual([]);
    expect(statusOf(first, 'quorum')).toMatchObject({ status: 'wait', message: expect.stringMatching(/1 of the 2 approvals needed, counting this one: 1 more reviewer must approve/) });
    const second = evaluateApproval(passingInput(lena, { team, keys, decisions: [decided(ravi, 'approve')] }));
    expect(statusOf(second, 'quorum').status).toBe('pass');
    expect(second.approvals).toBe(1);
  });

  it('module owners: a changed module needs its owner among the approvers; without an owner it blocks', () => {
    const previous = { digest: hex('b'), modules: [{ name: 'loader', version: '0.9' }] };
    const orphan = evaluateApproval(passingInput(ravi, { previous }));
    expect(orphan.blocking[0]!.message).toMatch(/Module loader changed \(0.9 → 1.0\) and has no owner/);
    const owned = evaluateApproval(passingInput(ravi, { previous, moduleOwners: { loader: ['lena@example.org'] } }));
    expect(owned.blocking).toEqual([]);
    expect(statusOf(owned, 'module-owners')).toMatchObject({ status: 'wait', message: expect.stringMatching(/one of lena@example.org must approve/) });
    expect(owned.requiredOwners).toEqual([{ module: 'loader', from: '0.9', to: '1.0', owners: ['lena@example.org'], approvedBy: [] }]);
    const byOwner = evaluateApproval(passingInput(lena, { previous, moduleOwners: { loader: ['lena@example.org'] } }));
    expect(statusOf(byOwner, 'module-owners').status).toBe('pass');
    const unchanged = evaluateApproval(passingInput(ravi, { previous: { digest: hex('b'), modules: [{ name: 'loader', version: '1.0' }] } }));
    expect(statusOf(unchanged, 'module-owners').status).toBe('pass');
  });
});

describe('approval state', () => {
  const base = passingInput(ravi);
  it('pending → approved at quorum; a holding rejection wins', () => {
    expect(approvalState({ ...base, decisions: [] }, 1)).toBe('pending');
    expect(approvalState({ ...base, decisions: [decided(ravi, 'approve')] }, 1)).toBe('approved');
    expect(approvalState({ ...base, decisions: [decided(ravi, 'approve')] }, 2)).toBe('pending');
    expect(approvalState({ ...base, decisions: [decided(ravi, 'approve'), decided(lena, 'reject')] }, 1)).toBe('rejected');
  });

  it("an approver's later decision replaces the earlier one", () => {
    expect(approvalState({ ...base, decisions: [decided(ravi, 'reject'), decided(ravi, 'approve')] }, 1)).toBe('approved');
  });

  it('decisions made under another policy hash are superseded', () => {
    expect(approvalState({ ...base, decisions: [decided(ravi, 'approve', hex('o'))] }, 1)).toBe('superseded');
    const check = evaluateApproval({ ...base, approver: { name: lena.name, email: lena.email, keyId: lena.keyId }, decisions: [decided(ravi, 'approve', hex('o'))] });
    expect(check.state).toBe('superseded');
    expect(check.approvals).toBe(0);
  });

  it("approvals by a key the team revoked no longer count, nor do a changed module's approvals without its owner", () => {
    const team = teamOf([{ p: ravi, revokedKeys: [ravi.keyId] }]);
    expect(approvalState({ ...base, team, keys: teamKeys(team), decisions: [decided(ravi, 'approve')] }, 1)).toBe('pending');
    const previous = { digest: hex('b'), modules: [{ name: 'loader', version: '0.9' }] };
    expect(approvalState({ ...base, previous, moduleOwners: { loader: ['lena@example.org'] }, decisions: [decided(ravi, 'approve')] }, 1)).toBe('pending');
    expect(approvalState({ ...base, previous, moduleOwners: { loader: ['lena@example.org'] }, decisions: [decided(ravi, 'approve'), decided(lena, 'approve')] }, 1)).toBe('approved');
  });
});
