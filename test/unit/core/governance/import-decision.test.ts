import { afterEach, describe, expect, it } from 'vitest';
import type { BundleMetadata } from '../../../../src-main/common/schemas/bundle';
import type {
  ApprovalCheck,
  DecideResult,
  DsseEnvelope,
  Identity,
  ImportDecisionResult,
} from '../../../../src-main/common/schemas/governance';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { governanceHandlers } from '../../../../src-main/core/services/governance';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';
import {
  approvalStatement,
  signStatement,
  type ApprovalPredicate,
} from '../../../../src-main/core/governance/attestation';
import { approvalPolicyHash } from '../../../../src-main/core/governance/team-store';
import { verifyChain } from '../../../../src-main/core/audit/audit-log';
import type { Store } from '../../../../src-main/core/store/store';
import { auditActions, clockedStore, file, metadata, sha, storeBundle } from './governance-helpers';
import { person, type Person } from './approval-fixtures';
import { signedTeam, teamText } from './team-fixtures';
import { signStoredBundle } from './authorship-helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function runMeta(name: string, loader: string): BundleMetadata {
  return {
    ...metadata({
      name,
      license: 'MIT',
      files: [file('data/model/model.onnx', 'model', 'MIT', 'unclassified', sha('m'))],
    }),
    author: { id: 'mailto:dana@example.org', name: 'Dana', email: 'dana@example.org' },
    modules: [
      {
        id: '#module-loader',
        name: 'loader',
        version: loader,
        codeRepository: null,
        identifier: null,
        license: 'MIT',
        files: [],
      },
    ],
    pipeline: { name: 'iris pipeline', version: '1', modules: ['#module-loader'], requirements: [] },
  };
}

/** Dana's run, as she signed it (the team requires an author signature). */
function addRun(store: Store, digest: string, loader: string, author: Person): void {
  storeBundle(store, digest, runMeta(`run ${digest.slice(0, 1)}`, loader));
  const outcome = {
    verdict: 'reproduced',
    reason: 'every metric within tolerance',
    metrics: [],
    predictions: null,
    outputSha256: sha('o'),
    environment: {
      recorded: null,
      local: {
        os: 'linux',
        arch: 'x64',
        cpu: 'x',
        cores: 2,
        runtime: { name: 'node', version: '22' },
        packages: {},
        appVersion: '0.1.0',
      },
      differences: [],
    },
    durationMs: 5,
    resources: { cpuMs: 1, peakRssBytes: 1 },
  };
  store.transaction((tx) => {
    tx.run('INSERT INTO bundle_files (digest, path, sha256, size) VALUES (?, ?, ?, 10)', [
      digest,
      'data/model/model.onnx',
      sha('m'),
    ]);
    tx.run(
      `INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size, outcome_json) VALUES (?, ?, ?, ?, 'x', 'reproduced', ?, ?, 5, 1, 1, NULL, ?)`,
      [
        `replay-${digest.slice(0, 4)}`,
        digest,
        '2026-03-01T08:00:00.000Z',
        '2026-03-01T08:00:00.000Z',
        outcome.reason,
        sha('o'),
        JSON.stringify(outcome),
      ],
    );
  });
  signStoredBundle(store, digest, author);
}

/**
 * What a teammate's machine writes for `provdesk approve -o`: a statement about the bundle's files, signed with their
 * key.
 */
function teammateDecision(
  store: Store,
  signer: Person,
  digest: string,
  overrides: Partial<ApprovalPredicate> = {},
  files = [{ path: 'data/model/model.onnx', sha256: sha('m') }],
): DsseEnvelope {
  const predicate: ApprovalPredicate = {
    decision: 'approve',
    reason: 'replayed it on my machine too',
    justifications: {},
    replay: { id: 'their-replay', verdict: 'reproduced', metrics: [], outputSha256: sha('o') },
    licenseVerdict: 'allowed',
    policyHash: approvalPolicyHash(store),
    approver: { name: signer.name, email: signer.email, keyId: signer.keyId },
    time: '2026-03-01T09:30:00.000Z',
    audit: { seq: 7, head: sha('h') },
    ...overrides,
  };
  return signStatement(approvalStatement(digest, files, predicate), signer.privateKey, signer.keyId);
}

async function setup() {
  const s = await clockedStore();
  cleanups.push(s.dispose);
  const handlers = governanceHandlers(s.store, 'ravi', (p) =>
    scryptKeyProtector(p ?? 'correct horse battery'),
  ) as unknown as Handlers;
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, request);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const ravi = await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
  const lena = person('Lena', 'lena@example.org');
  const dana = person('Dana', 'dana@example.org');
  const cole = person('Cole', 'cole@example.org');
  const team = signedTeam(
    [
      { p: lena, roles: ['owner'] },
      { p: dana, roles: ['reviewer'] },
      { p: cole, roles: ['contributor'] },
      { p: ravi, roles: ['reviewer'] },
    ],
    { quorum: 2, moduleOwners: { loader: ['lena@example.org'] } },
  );
  expect(await call('team:import', { text: teamText(team) })).toMatchObject({ saved: true });
  const importing = (env: unknown) => call<ImportDecisionResult>('approvals:import', { envelope: JSON.stringify(env) });
  const tick = () => (s.clock.now = new Date(s.clock.now.getTime() + 60_000));
  return { ...s, call, importing, tick, lena, dana, cole };
}

const approvalCount = (store: Store) => store.get<{ n: number }>('SELECT COUNT(*) AS n FROM approvals')!.n;

describe('importDecision', () => {
  it("a teammate's decision counts toward the quorum (local + imported = 2 → approved), audited in the same transaction", async () => {
    const { store, call, importing, lena, dana } = await setup();
    addRun(store, sha('1'), '1.0', dana);
    const mine = await call<DecideResult>('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'ok' });
    // The count includes the approver's own recorded approval (issue 17: it once read 0 here, and 0 of 1 once
    // approved).
    expect(mine.check).toMatchObject({ state: 'pending', approvals: 1, approvalsWithThis: 1, quorum: 2 });

    const r = await importing(teammateDecision(store, lena, sha('1')));
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({
      imported: true,
      record: {
        decision: 'approve',
        holds: true,
        approver: { email: 'lena@example.org', keyId: lena.keyId },
        replayId: null,
        decidedAt: '2026-03-01T09:30:00.000Z',
      },
    });
    expect(r.check!).toMatchObject({ state: 'approved', approvals: 2, quorum: 2 });
    expect((await call<ApprovalCheck>('approvals:check', { digest: sha('1') })).state).toBe('approved');
    const history = await call<{ approvals: { approver: { email: string } }[] }>('approvals:list', {
      digest: sha('1'),
    });
    expect(history.approvals.map((a) => a.approver.email).sort()).toEqual(['lena@example.org', 'ravi@example.org']);

    const entry = store.get<{ seq: number; action: string; subject: string; details_json: string }>(
      'SELECT seq, action, subject, details_json FROM audit_log ORDER BY seq DESC LIMIT 1',
    )!;
    expect(entry).toMatchObject({ action: 'approval.import', subject: sha('1'), seq: r.record!.auditSeq });
    expect(JSON.parse(entry.details_json)).toMatchObject({
      approvalId: r.record!.id,
      keyId: lena.keyId,
      email: 'lena@example.org',
      holds: true,
    });
    expect(verifyChain(store).valid).toBe(true);
  });

  it("counts as the required module owner's approval when a module changed version", async () => {
    const { store, call, importing, tick, lena, dana } = await setup();
    addRun(store, sha('1'), '1.0', dana);
    await call('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'ok' });
    await importing(teammateDecision(store, lena, sha('1')));
    tick();
    addRun(store, sha('2'), '1.1', dana); // loader 1.0 → 1.1: its owner, Lena, must approve
    const mine = await call<DecideResult>('approvals:decide', { digest: sha('2'), decision: 'approve', reason: 'ok' });
    expect(mine.check.state).toBe('pending');
    expect(mine.check.requiredOwners).toEqual([
      { module: 'loader', from: '1.0', to: '1.1', owners: ['lena@example.org'], approvedBy: [] },
    ]);
    const r = await importing(teammateDecision(store, lena, sha('2'), { time: '2026-03-01T09:45:00.000Z' }));
    expect(r.check).toMatchObject({
      state: 'approved',
      requiredOwners: [{ module: 'loader', approvedBy: ['lena@example.org'] }],
    });
  });

  it('refuses a duplicate (the same envelope again, re-wrapped, or a local decision) with a clear message, storing nothing', async () => {
    const { store, call, importing, lena, dana } = await setup();
    addRun(store, sha('1'), '1.0', dana);
    const mine = await call<DecideResult>('approvals:decide', { digest: sha('1'), decision: 'approve', reason: 'ok' });
    const env = teammateDecision(store, lena, sha('1'));
    expect((await importing(env)).imported).toBe(true);
    const actions = auditActions(store).length;
    const again = await importing(env);
    expect(again).toMatchObject({
      imported: false,
      record: null,
      problems: [
        {
          code: 'approval-import-duplicate',
          message: expect.stringMatching(/already in the store \(approve by lena@example.org/),
        },
      ],
    });
    expect((await importing(mine.approval)).problems.map((p) => p.code)).toEqual(['approval-import-duplicate']);
    // Re-wrapped: the same signed payload with a junk second signature, or without its key id, is the same decision.
    const junk = {
      ...env,
      signatures: [...env.signatures, { keyid: 'f'.repeat(64), sig: Buffer.alloc(64, 7).toString('base64') }],
    };
    expect((await importing(junk)).problems.map((p) => p.code)).toEqual(['approval-import-duplicate']);
    const noKeyId = { ...env, signatures: env.signatures.map((s) => ({ sig: s.sig })) };
    expect((await importing(noKeyId)).problems.map((p) => p.code)).toEqual(['approval-import-duplicate']);
    expect(
      (await importing({ ...mine.approval!, signatures: [{ sig: mine.approval!.signatures[0]!.sig }] })).problems.map(
        (p) => p.code,
      ),
    ).toEqual(['approval-import-duplicate']);
    expect(approvalCount(store)).toBe(2);
    expect(auditActions(store)).toHaveLength(actions);
  });

  it('refuses an unknown key, a bundle not in the store, other files, a wrong signature, a non-reviewer and the author, each with its reason', async () => {
    const { store, importing, lena, dana, cole } = await setup();
    addRun(store, sha('1'), '1.0', dana);
    const actions = auditActions(store).length;
    const codes = async (env: unknown) => {
      const r = await importing(env);
      expect(r.imported).toBe(false);
      expect(r.problems[0]!.message.length).toBeGreaterThan(10);
      return r.problems.map((p) => p.code);
    };
    expect(await codes(teammateDecision(store, person('Mia', 'mia@example.org'), sha('1')))).toEqual([
      'attestation-unknown-key',
    ]);
    const elsewhere = await importing(teammateDecision(store, lena, sha('9')));
    expect(elsewhere.problems).toEqual([
      expect.objectContaining({
        code: 'approval-import-unknown-bundle',
        message: expect.stringContaining(`bundle ${sha('9')}, which is not in this store`),
      }),
    ]);
    expect(
      await codes(teammateDecision(store, lena, sha('1'), {}, [{ path: 'data/model/model.onnx', sha256: sha('x') }])),
    ).toEqual(['attestation-wrong-bundle']);
    const forged = {
      ...teammateDecision(store, lena, sha('1')),
      payload: teammateDecision(store, lena, sha('1'), { reason: 'changed' }).payload,
    };
    expect(await codes(forged)).toEqual(['attestation-bad-signature']);
    expect(await codes({ ...teammateDecision(store, lena, sha('1')), payloadType: 'application/json' })).toEqual([
      'attestation-payload-type',
    ]);
    expect(await codes(teammateDecision(store, dana, sha('1'), { time: '2026-03-01T09:31:00.000Z' }))).toEqual([
      'approval-import-author',
    ]);
    expect(await codes(teammateDecision(store, cole, sha('1')))).toEqual(['approval-import-not-reviewer']);
    expect(approvalCount(store)).toBe(0);
    expect(auditActions(store)).toHaveLength(actions);
  });

  it('keeps a decision made under another policy, but says it does not count', async () => {
    const { store, importing, lena, dana } = await setup();
    addRun(store, sha('1'), '1.0', dana);
    const r = await importing(teammateDecision(store, lena, sha('1'), { policyHash: sha('p') }));
    expect(r).toMatchObject({
      imported: true,
      record: { holds: false },
      problems: [{ code: 'approval-import-superseded' }],
      check: { state: 'superseded', approvals: 0 },
    });
  });
});
