import { describe, expect, it } from 'vitest';
import {
  approvalState,
  evaluateApproval,
  type PriorDecision,
} from '../../../../src-main/core/governance/approval-rules';
import { sweepApprovals } from '../../../../src-main/core/governance/approval-sweep';
import { requiredOwners, sameModule } from '../../../../src-main/core/governance/module-baseline';
import { teamKeys } from '../../../../src-main/core/governance/team-file';
import { UNSIGNED_AUTHORSHIP } from '../../../../src-main/common/schemas/authorship';
import { dana, hex, passingInput, person, signedBy, teamOf } from './approval-fixtures';

const ravi = person('Ravi', 'ravi@example.org');
const lena = person('Lena', 'lena@example.org');

const statusOf = (check: ReturnType<typeof evaluateApproval>, id: string) => check.rules.find((r) => r.id === id)!;
const decided = (
  p: typeof ravi,
  decision: 'approve' | 'reject',
  policyHash = hex('p'),
  decidedAt = '2026-01-01T00:00:00Z',
): PriorDecision => ({ keyId: p.keyId, email: p.email, decision, policyHash, decidedAt });
const withAuthorship = (
  authorship: ReturnType<typeof signedBy>,
  extra: Partial<ReturnType<typeof passingInput>> = {},
) => passingInput(ravi, { bundle: { ...passingInput(ravi).bundle, authorship }, ...extra });
const loader = (version: string, digest = hex('b'), repository: string | null = null) => ({
  name: 'loader',
  repository,
  version,
  digest,
});

describe('approval rules', () => {
  it('all pass for a reviewer who is not the signer, with no team file', () => {
    const check = evaluateApproval(passingInput(ravi));
    expect(check.blocking).toEqual([]);
    expect(check.rules.map((r) => [r.id, r.status])).toEqual([
      ['bundle-verified', 'pass'],
      ['signed-authorship', 'pass'],
      ['replay-reproduced', 'pass'],
      ['license-not-denied', 'pass'],
      ['identity', 'pass'],
      ['reviewer-role', 'pass'],
      ['separation-of-duties', 'pass'],
      ['module-owners', 'pass'],
      ['quorum', 'pass'],
    ]);
    expect(statusOf(check, 'reviewer-role').message).toMatch(/no team file: the local identity may review/);
    expect(statusOf(check, 'separation-of-duties').message).toMatch(/signed by dana@example.org, not by the approver/);
    expect(check.state).toBe('pending');
  });

  it('weak hashes block, in words that say what to do', () => {
    const check = evaluateApproval(passingInput(ravi, { bundle: { ...passingInput(ravi).bundle, status: 'weak' } }));
    expect(check.blocking.map((r) => r.id)).toEqual(['bundle-verified']);
    expect(check.blocking[0]!.message).toMatch(/weak hashes \(MD5\/SHA-1\).*SHA-256 manifest/);
  });

  it('refused metadata is never approvable, and says why', () => {
    const check = evaluateApproval(
      passingInput(ravi, {
        bundle: { ...passingInput(ravi).bundle, status: 'refused-metadata', refusal: 'duplicate key "name"' },
      }),
    );
    expect(check.blocking.map((r) => r.id)).toEqual(['bundle-verified']);
    expect(check.blocking[0]!.message).toMatch(
      /metadata was refused \(duplicate key "name"\): nothing it says about itself can be relied on/,
    );
  });

  it('no replay blocks; a failed replay blocks even with justifications', () => {
    expect(evaluateApproval(passingInput(ravi, { replay: null })).blocking[0]).toMatchObject({
      id: 'replay-reproduced',
      message: expect.stringMatching(/no replay of this bundle yet/),
    });
    const failed = evaluateApproval(
      passingInput(ravi, {
        replay: { id: 'r', verdict: 'failed', reason: 'the worker crashed', metrics: [] },
        justifications: { outputs: 'fine' },
      }),
    );
    expect(failed.blocking[0]!.message).toMatch(/could not run.*the worker crashed/);
    // What to do: fix what the reason names, then replay again.
    expect(failed.blocking[0]).toMatchObject({
      message: expect.stringMatching(/the worker crashed\. Fix that, then replay it again\.$/),
      hint: 'provdesk replay DIGEST',
    });
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
    expect(none.blocking[0]!.message).toMatch(
      /justification for accuracy \(reported 0.95, replayed 0.9\); f1 \(reported 0.9, replayed 0.8\)\.$/,
    );
    expect(none.blocking[0]!.hint).toBe('--justify accuracy=TEXT'); // the CLI's way; the app has a field per metric
    const one = evaluateApproval(
      passingInput(ravi, { replay, justifications: { accuracy: 'known nondeterminism', f1: '   ' } }),
    );
    expect(one.blocking[0]!.message).toMatch(/for f1 \(reported/);
    expect(one.blocking[0]!.message).not.toMatch(/accuracy/);
    const both = evaluateApproval(passingInput(ravi, { replay, justifications: { accuracy: 'a', f1: 'b' } }));
    expect(both.blocking).toEqual([]);
    expect(statusOf(both, 'replay-reproduced').message).toMatch(/justification for accuracy, f1/);
    // Outputs differ while every metric passes: the justification is for "outputs".
    const outputs = evaluateApproval(passingInput(ravi, { replay: { ...replay, metrics: [] } }));
    expect(outputs.blocking[0]!.hint).toBe('--justify outputs=TEXT');
  });

  it('names what approving needs a written justification for, whatever is already written or decided', () => {
    const replay = {
      id: 'r',
      verdict: 'not-reproduced' as const,
      reason: '1 metric outside tolerance',
      metrics: [
        { name: 'accuracy', pass: false, reported: 0.95, replayed: 0.9 },
        { name: 'loss', pass: true, reported: 0.1, replayed: 0.1 },
      ],
    };
    expect(evaluateApproval(passingInput(ravi, { replay })).justificationsNeeded).toEqual(['accuracy']);
    expect(
      evaluateApproval(passingInput(ravi, { replay, justifications: { accuracy: 'known nondeterminism' } }))
        .justificationsNeeded,
    ).toEqual(['accuracy']);
    expect(evaluateApproval(passingInput(ravi, { replay, decision: 'reject' })).justificationsNeeded).toEqual([
      'accuracy',
    ]);
    expect(evaluateApproval(passingInput(ravi, { replay: { ...replay, metrics: [] } })).justificationsNeeded).toEqual([
      'outputs',
    ]);
    expect(evaluateApproval(passingInput(ravi)).justificationsNeeded).toEqual([]);
    expect(evaluateApproval(passingInput(ravi, { replay: null })).justificationsNeeded).toEqual([]);
    expect(
      evaluateApproval(passingInput(ravi, { replay: { ...replay, verdict: 'failed' } })).justificationsNeeded,
    ).toEqual([]);
  });

  it('a denied license verdict blocks; needs-review passes with a note', () => {
    expect(evaluateApproval(passingInput(ravi, { licenseVerdict: 'denied' })).blocking.map((r) => r.id)).toEqual([
      'license-not-denied',
    ]);
    expect(evaluateApproval(passingInput(ravi, { licenseVerdict: null })).blocking.map((r) => r.id)).toEqual([
      'license-not-denied',
    ]);
    const review = evaluateApproval(passingInput(ravi, { licenseVerdict: 'needs-review' }));
    expect(review.blocking).toEqual([]);
    expect(statusOf(review, 'license-not-denied').message).toMatch(/need review/);
  });

  it('the signer cannot approve or reject their own run (by key, or by email without case)', () => {
    const own = evaluateApproval(passingInput(dana));
    expect(own.blocking.map((r) => r.id)).toEqual(['separation-of-duties']);
    expect(own.blocking[0]!.message).toMatch(/You \(dana@example.org\) signed this run as its author/);
    expect(evaluateApproval(passingInput(dana, { decision: 'reject' })).blocking.map((r) => r.id)).toEqual([
      'separation-of-duties',
    ]);
    const otherKeySameEmail = person('Dana', 'Dana@Example.org');
    expect(evaluateApproval(passingInput(otherKeySameEmail)).blocking.map((r) => r.id)).toEqual([
      'separation-of-duties',
    ]);
  });

  it('attack: editing the crate author to a colleague does not let the signer approve; the differing author is a warning beside the signer', () => {
    // Ravi signed his own run but wrote Dana into the RO-Crate's author: the signature, not the crate, names him.
    const differs = {
      code: 'authorship-author-differs',
      message: "the run's metadata names Dana <dana@example.org> as author, but ravi@example.org signed it",
      severity: 'warning',
    } as const;
    const check = evaluateApproval(withAuthorship(signedBy(ravi, [differs])));
    expect(check.blocking.map((r) => r.id)).toEqual(['separation-of-duties']);
    expect(statusOf(check, 'signed-authorship')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/Signed by Ravi <ravi@example.org>.*Note: the run's metadata names Dana/),
    });
  });

  it('attack: an unsigned run (a missing or edited author) cannot be approved once a team requires signatures', () => {
    const team = teamOf([{ p: ravi }, { p: dana, roles: ['contributor'] }]);
    const check = evaluateApproval(withAuthorship(UNSIGNED_AUTHORSHIP, { team, keys: teamKeys(team) }));
    expect(check.blocking.map((r) => r.id)).toEqual(['signed-authorship']);
    expect(check.blocking[0]).toMatchObject({
      message: expect.stringMatching(/no author signature, and the team requires one: ask the author to sign it/),
      hint: 'provdesk sign BUNDLE -o signed.bundle.zip',
    });
    expect(statusOf(check, 'separation-of-duties')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/not verified.*metadata's author is not evidence/),
    });
    // A rejection of an unsigned run stays possible.
    expect(
      evaluateApproval(withAuthorship(UNSIGNED_AUTHORSHIP, { team, keys: teamKeys(team), decision: 'reject' }))
        .blocking,
    ).toEqual([]);
    // The team may turn the requirement off; without a team it is not required either.
    const lax = teamOf([{ p: ravi }], { requireSignedAuthorship: false });
    expect(evaluateApproval(withAuthorship(UNSIGNED_AUTHORSHIP, { team: lax, keys: teamKeys(lax) })).blocking).toEqual(
      [],
    );
    expect(evaluateApproval(withAuthorship(UNSIGNED_AUTHORSHIP)).blocking).toEqual([]);
  });

  it('an unknown key blocks with a team; an invalid signature or a revoked key blocks always', () => {
    const team = teamOf([{ p: ravi }]);
    const stranger = person('Mallory', 'mallory@example.org');
    const unknown = {
      status: 'unknown-key' as const,
      signer: null,
      claimed: { name: 'Mallory', email: 'mallory@example.org', keyId: stranger.keyId },
      signedAt: null,
      problems: [],
    };
    expect(evaluateApproval(withAuthorship(unknown, { team, keys: teamKeys(team) })).blocking[0]!.message).toMatch(
      /not in the team \(it names Mallory <mallory@example.org>\)/,
    );
    expect(evaluateApproval(withAuthorship(unknown)).blocking).toEqual([]);
    const invalid = {
      status: 'invalid' as const,
      signer: null,
      claimed: null,
      signedAt: null,
      problems: [
        { code: 'authorship-wrong-bundle' as const, message: 'model.onnx differs from the file that was signed' },
      ],
    };
    expect(evaluateApproval(withAuthorship(invalid)).blocking[0]).toMatchObject({
      id: 'signed-authorship',
      message: expect.stringMatching(/does not hold \(model.onnx differs/),
      hint: 'provdesk sign BUNDLE -o signed.bundle.zip --replace',
    });
    const revoked = { ...signedBy(dana), status: 'revoked-key' as const };
    expect(evaluateApproval(withAuthorship(revoked)).blocking[0]!.message).toMatch(
      /key the team has revoked \(dana@example.org/,
    );
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
    expect(check.blocking[0]).toMatchObject({
      message: 'There is no signing identity in this store: create one.',
      hint: 'provdesk identity create --name N --email E',
    });
  });

  it('with a team: the key must be a current reviewer, owner or admin key', () => {
    const old = person('Ravi', 'ravi@example.org');
    const team = teamOf([
      { p: ravi, revokedKeys: [old.keyId] },
      { p: lena, roles: ['contributor'] },
      { p: dana, roles: ['contributor'] },
    ]);
    const keys = teamKeys(team);
    expect(evaluateApproval(passingInput(ravi, { team, keys })).blocking).toEqual([]);
    expect(evaluateApproval(passingInput(lena, { team, keys })).blocking[0]!.message).toMatch(
      /is a contributor in the team, not a reviewer/,
    );
    expect(evaluateApproval(passingInput(old, { team, keys })).blocking[0]!.message).toMatch(
      /is revoked in the team file/,
    );
    const stranger = person('S', 's@example.org');
    expect(evaluateApproval(passingInput(stranger, { team, keys })).blocking[0]!.message).toMatch(
      /is not in the team file/,
    );
  });

  it('quorum: waits for more approvals, counting this one and holding approvals of others', () => {
    const team = teamOf([{ p: ravi }, { p: lena }, { p: dana, roles: ['contributor'] }], { quorum: 2 });
    const keys = teamKeys(team);
    const first = evaluateApproval(passingInput(ravi, { team, keys }));
    expect(first.blocking).toEqual([]);
    expect(statusOf(first, 'quorum')).toMatchObject({
      status: 'wait',
      message: expect.stringMatching(/1 of the 2 approvals needed, counting this one: 1 more reviewer must approve/),
    });
    const second = evaluateApproval(passingInput(lena, { team, keys, decisions: [decided(ravi, 'approve')] }));
    expect(statusOf(second, 'quorum').status).toBe('pass');
    expect(second.approvals).toBe(1);
  });

  it("the signer's own approval never counts toward the quorum, however it got into the store", () => {
    const check = evaluateApproval(passingInput(lena, { decision: 'reject', decisions: [decided(dana, 'approve')] }));
    expect(check.approvals).toBe(0);
  });

  it('module owners: a version not approved before needs its owner among the approvers; a changed module without an owner blocks', () => {
    const baseline = [loader('0.9')];
    const orphan = evaluateApproval(passingInput(ravi, { baseline }));
    expect(orphan.blocking[0]!.message).toMatch(/Module loader changed \(0.9 → 1.0\) and has no owner/);
    const owned = evaluateApproval(passingInput(ravi, { baseline, moduleOwners: { loader: ['lena@example.org'] } }));
    expect(owned.blocking).toEqual([]);
    expect(statusOf(owned, 'module-owners')).toMatchObject({
      status: 'wait',
      message: expect.stringMatching(/one of lena@example.org must approve/),
    });
    expect(owned.requiredOwners).toEqual([
      { module: 'loader', from: '0.9', to: '1.0', owners: ['lena@example.org'], approvedBy: [] },
    ]);
    const byOwner = evaluateApproval(passingInput(lena, { baseline, moduleOwners: { loader: ['lena@example.org'] } }));
    expect(statusOf(byOwner, 'module-owners').status).toBe('pass');
    // 1.0 approved in any earlier bundle: nothing to ask, whatever that bundle was called.
    expect(
      statusOf(
        evaluateApproval(passingInput(ravi, { baseline: [loader('0.9'), loader('1.0', hex('c'))] })),
        'module-owners',
      ).status,
    ).toBe('pass');
  });

  it('module owners: a module never approved before needs its owners when it has some; without any, it passes', () => {
    expect(statusOf(evaluateApproval(passingInput(ravi)), 'module-owners').status).toBe('pass');
    const first = evaluateApproval(passingInput(ravi, { moduleOwners: { loader: ['lena@example.org'] } }));
    expect(first.requiredOwners).toEqual([
      { module: 'loader', from: null, to: '1.0', owners: ['lena@example.org'], approvedBy: [] },
    ]);
  });

  it('attack: renaming the pipeline or the module does not escape its owner (a module is its name and repository)', () => {
    const repo = 'https://github.com/acme/training.git';
    const baseline = [
      { name: 'training', repository: repo, version: '2.0.1', digest: hex('b') },
      { name: 'loader', repository: repo, version: '1.4.0', digest: hex('b') },
    ];
    const owners = { training: ['lena@example.org'], loader: ['omar@example.org'] };
    // The pipeline a bundle declares plays no part: the same module at another version needs its owner.
    expect(
      requiredOwners(
        [{ name: 'training', repository: 'git@github.com:acme/training', version: '2.0.2' }],
        baseline,
        owners,
        [],
      ),
    ).toEqual([{ module: 'training', from: '2.0.1', to: '2.0.2', owners: ['lena@example.org'], approvedBy: [] }]);
    // A module renamed within an approved repository is new there: the repository's module owners must approve.
    expect(
      requiredOwners([{ name: 'training-v2', repository: repo, version: '2.0.2' }], baseline, owners, [
        'Omar@example.org',
      ]),
    ).toEqual([
      {
        module: 'training-v2',
        from: null,
        to: '2.0.2',
        owners: ['lena@example.org', 'omar@example.org'],
        approvedBy: ['omar@example.org'],
      },
    ]);
    // The name moved to another repository: a new module, still owned by whoever owns the name.
    expect(
      requiredOwners(
        [{ name: 'training', repository: 'https://elsewhere.example/fork', version: '2.0.1' }],
        baseline,
        owners,
        [],
      ),
    ).toEqual([{ module: 'training', from: null, to: '2.0.1', owners: ['lena@example.org'], approvedBy: [] }]);
    // An approved version of the same module needs nobody; a new module of a new repository nobody owns passes.
    expect(
      requiredOwners(
        [
          { name: 'loader', repository: `${repo}/`, version: '1.4.0' },
          { name: 'viz', repository: 'https://x.example/viz', version: '1' },
        ],
        baseline,
        owners,
        [],
      ),
    ).toEqual([]);
    expect(
      sameModule({ name: 'a', repository: 'https://github.com/x/y/' }, { name: 'A', repository: 'github.com/X/y.git' }),
    ).toBe(true);
    expect(
      sameModule(
        { name: 'a', repository: 'https://github.com/x/y' },
        { name: 'b', repository: 'https://github.com/x/y' },
      ),
    ).toBe(false); // a monorepo holds many modules
  });
});

describe('approval state', () => {
  const base = passingInput(ravi);
  const approvedAt = { state: 'approved' as const, at: '2026-01-01T00:00:00Z' };
  it('pending until settled approved; a holding rejection wins', () => {
    expect(approvalState({ ...base, decisions: [] })).toBe('pending');
    expect(approvalState({ ...base, decisions: [decided(ravi, 'approve')], settled: approvedAt })).toBe('approved');
    expect(
      approvalState({ ...base, decisions: [decided(ravi, 'approve'), decided(lena, 'reject')], settled: approvedAt }),
    ).toBe('rejected');
  });

  it('decisions made under another policy hash are superseded', () => {
    expect(approvalState({ ...base, decisions: [decided(ravi, 'approve', hex('o'))] })).toBe('superseded');
    const check = evaluateApproval({
      ...base,
      approver: { name: lena.name, email: lena.email, keyId: lena.keyId },
      decisions: [decided(ravi, 'approve', hex('o'))],
    });
    expect(check.state).toBe('superseded');
    expect(check.approvals).toBe(0);
  });
});

describe('the approval sweep', () => {
  const sweep = (
    events: { digest: string; decision: PriorDecision }[],
    extra: Partial<Parameters<typeof sweepApprovals>[1]> = {},
  ) =>
    sweepApprovals(events, {
      team: null,
      keys: [],
      policyHash: hex('p'),
      moduleOwners: {},
      signers: new Map(),
      modules: new Map(),
      ...extra,
    });
  const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`;

  it('approves at quorum; an approver’s later decision replaces the earlier one', () => {
    expect([...sweep([{ digest: 'a', decision: decided(ravi, 'approve') }]).settled.keys()]).toEqual(['a']);
    expect(
      sweep([
        { digest: 'a', decision: decided(ravi, 'reject', hex('p'), at(1)) },
        { digest: 'a', decision: decided(ravi, 'approve', hex('p'), at(2)) },
      ]).settled.get('a')?.at,
    ).toBe(at(2));
    const team = teamOf([{ p: ravi }, { p: lena }], { quorum: 2 });
    expect(
      sweep([{ digest: 'a', decision: decided(ravi, 'approve') }], { team, keys: teamKeys(team) }).settled.size,
    ).toBe(0);
  });

  it('approvals by a key the team revoked no longer count; the signer’s own never does', () => {
    const team = teamOf([{ p: ravi, revokedKeys: [ravi.keyId] }]);
    expect(
      sweep([{ digest: 'a', decision: decided(ravi, 'approve') }], { team, keys: teamKeys(team) }).settled.size,
    ).toBe(0);
    expect(
      sweep([{ digest: 'a', decision: decided(dana, 'approve') }], {
        signers: new Map([['a', { name: dana.name, email: dana.email, keyId: dana.keyId }]]),
      }).settled.size,
    ).toBe(0);
  });

  it('attack: approving a later bundle never turns an earlier approved one back to pending', () => {
    const owners = { loader: ['lena@example.org'] };
    const modules = new Map([
      ['a', [{ name: 'loader', repository: null, version: '1.0' }]],
      ['b', [{ name: 'loader', repository: null, version: '2.0' }]],
    ]);
    // a: 1.0 approved by its owner; b: 2.0 approved by its owner later. a stays approved, against what came before it.
    const result = sweep(
      [
        { digest: 'a', decision: decided(lena, 'approve', hex('p'), at(1)) },
        { digest: 'b', decision: decided(lena, 'approve', hex('p'), at(2)) },
      ],
      { moduleOwners: owners, modules },
    );
    expect([...result.settled.keys()]).toEqual(['a', 'b']);
    expect(result.settled.get('a')).toEqual({ at: at(1), baselineSize: 0 });
    // c repeats b's 2.0: approved without the owner, since 2.0 was approved before.
    const more = sweep(
      [
        { digest: 'a', decision: decided(lena, 'approve', hex('p'), at(1)) },
        { digest: 'c', decision: decided(ravi, 'approve', hex('p'), at(3)) },
        { digest: 'b', decision: decided(lena, 'approve', hex('p'), at(2)) },
      ].sort((x, y) => (x.decision.decidedAt < y.decision.decidedAt ? -1 : 1)),
      {
        moduleOwners: owners,
        modules: new Map([...modules, ['c', [{ name: 'loader', repository: null, version: '2.0' }]]]),
      },
    );
    expect([...more.settled.keys()]).toEqual(['a', 'b', 'c']);
  });
});
