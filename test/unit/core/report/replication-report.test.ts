import { afterEach, describe, expect, it } from 'vitest';
import type { DecideResult, Identity } from '../../../../src-main/common/schemas/governance';
import { renderReportHtml } from '../../../../src-main/core/report/report-html';
import { gatherReplicationReport } from '../../../../src-main/core/report/replication-report';
import { produceReport } from '../../../../src-main/core/report/produce-report';
import { listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { addReplay, sampleStore } from './report-fixture';
import { metadata, storeBundle } from '../governance/governance-helpers';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function setup() {
  const s = await sampleStore();
  cleanups.push(s.dispose);
  return s;
}

const options = { actor: 'ravi', appVersion: '9.9.9', now: new Date('2026-11-26T12:00:00.000Z') };

describe('gathering a replication report', () => {
  it('a bundle never replayed: verdict not-replayed, metrics as reported, no approvals, the import in the audit', async () => {
    const { store, digest } = await setup();
    const r = gatherReplicationReport(store, digest, options);
    expect(r).toMatchObject({
      generatedAt: '2026-11-26T12:00:00.000Z',
      generatedBy: 'ravi',
      appVersion: '9.9.9',
      verdict: 'not-replayed',
      replay: null,
      replays: 0,
    });
    expect(r.bundle).toMatchObject({
      digest,
      name: 'Iris species logistic regression',
      author: 'Dana Reyes',
      status: 'verified',
      license: 'MIT',
      authorship: { status: 'unsigned', signer: null },
    });
    // The HTML says who signed apart from who the metadata names: here nobody signed.
    expect(renderReportHtml(r)).toContain('<dt>Signed by</dt><dd>nobody: the bundle carries no author signature</dd>');
    // The sample keeps its hypothesis in the run's description, as BUNDLE-FORMAT.md says.
    expect(r.hypothesis).toEqual({
      text: 'Multinomial logistic regression separates the three iris species with accuracy above 0.9.',
      source: 'run',
      description: null,
    });
    expect(r.datasets).toEqual([
      expect.objectContaining({
        id: 'eval/test.csv',
        version: null,
        sha256: '8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768',
        license: 'BSD-3-Clause',
        access: 'internal',
      }),
    ]);
    expect(r.parameters).toContainEqual({ name: 'max_iter', value: 5000 });
    expect(r.parameters).toContainEqual({ name: 'standardize', value: false });
    expect(r.reportedMetrics.map((m) => m.name)).toEqual(['accuracy', 'macro_f1', 'log_loss']);
    expect(r.licenses).toMatchObject({
      verdict: expect.stringMatching(/^(allowed|needs-review|denied)$/),
      policyVersion: expect.any(Number),
    });
    expect(r.licenses!.artifacts.map((a) => a.path)).toContain('eval/test.csv');
    expect(r.approvals).toMatchObject({ records: [], state: 'pending' });
    expect(r.audit.entries.map((e) => e.action)).toContain('bundle.import');
    expect(r.audit.entries.every((e) => e.subject === digest)).toBe(true);
    expect(r.audit.chain).toMatchObject({ valid: true });
  });

  it('takes the latest replay by default, or the one asked for, with metrics and environment differences', async () => {
    const { store, digest } = await setup();
    addReplay(store, digest, 'replay-old', '2026-11-01T10:00:00.000Z', false);
    addReplay(store, digest, 'replay-new', '2026-11-02T10:00:00.000Z', true);
    const latest = gatherReplicationReport(store, digest, options);
    expect(latest).toMatchObject({
      verdict: 'reproduced',
      replays: 2,
      replay: { id: 'replay-new', actor: 'erin', batchSize: 64, predictions: { rows: 45, disagreements: 0 } },
    });
    expect(latest.replay!.metrics.map((m) => [m.name, m.pass])).toEqual([
      ['accuracy', true],
      ['log_loss', true],
    ]);
    expect(latest.replay!.environment.differences).toContainEqual({
      name: 'os',
      recorded: 'Debian GNU/Linux 12',
      local: 'Ubuntu 24.04',
    });
    expect(latest.replay!.environment.recorded).toContainEqual({ name: 'runtime', value: 'python 3.11.2' });
    expect(latest.replay!.environment.local).toContainEqual({ name: 'package onnxruntime-node', value: '1.20.0' });

    const old = gatherReplicationReport(store, digest, { ...options, replayId: 'replay-old' });
    expect(old).toMatchObject({ verdict: 'not-reproduced', replay: { id: 'replay-old' } });
    expect(old.replay!.metrics[1]).toMatchObject({
      name: 'log_loss',
      reported: 0.2,
      pass: false,
      reason: expect.stringMatching(/exceeds/),
    });
  });

  it('lists signed approvals with their key ids, verified again', async () => {
    const { store, digest, call } = await setup();
    addReplay(store, digest, 'replay-1', '2026-11-02T10:00:00.000Z', true);
    const ravi = await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    const decided = await call<DecideResult>('approvals:decide', {
      digest,
      decision: 'reject',
      reason: 'the data set has no version',
    });
    expect(decided.accepted, JSON.stringify(decided.problems)).toBe(true);
    const r = gatherReplicationReport(store, digest, options);
    expect(r.approvals.records).toEqual([
      expect.objectContaining({
        decision: 'reject',
        reason: 'the data set has no version',
        approver: { name: 'Ravi', email: 'ravi@example.org', keyId: ravi.keyId },
        signatureKeyIds: [ravi.keyId],
        signatureValid: true,
        signatureProblems: [],
        replayId: 'replay-1',
        envelopeSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(r.approvals.state).toBe('rejected');
    expect(r.audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['bundle.import', 'approval.decide']));
    // A tampered envelope is reported as not verified rather than trusted from the row.
    store.transaction((tx) =>
      tx.run(`UPDATE approvals SET envelope_json = json_set(envelope_json, '$.signatures[0].sig', ?)`, [
        'A'.repeat(88),
      ]),
    );
    expect(gatherReplicationReport(store, digest, options).approvals.records[0]).toMatchObject({
      signatureValid: false,
      signatureProblems: [expect.stringMatching(/does not verify/)],
    });
  });

  it('refuses an unknown bundle, an unknown replay, and a replay of another bundle', async () => {
    const { store, digest } = await setup();
    expect(() => gatherReplicationReport(store, 'e'.repeat(64), options)).toThrow(/no bundle with digest e{64}/);
    expect(() => gatherReplicationReport(store, digest, { ...options, replayId: 'nope' })).toThrow(/no replay nope/);
    storeBundle(store, 'f'.repeat(64), metadata({ name: 'another bundle' }));
    addReplay(store, 'f'.repeat(64), 'replay-x', '2026-11-02T10:00:00.000Z', true);
    expect(() => gatherReplicationReport(store, digest, { ...options, replayId: 'replay-x' })).toThrow(
      expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/not a replay of bundle/) }),
    );
  });

  it('producing a report audits who made it, for which bundle and replay; the chain still verifies', async () => {
    const { store, digest } = await setup();
    addReplay(store, digest, 'replay-1', '2026-11-02T10:00:00.000Z', true);
    const built = produceReport(store, digest, options);
    expect(built.fileName).toBe(`replication-report-iris-species-logistic-regression-${digest.slice(0, 12)}.html`);
    expect(built.html).toContain(digest);
    const entry = listAudit(store, { action: 'report.produce' }).entries[0];
    expect(entry).toMatchObject({
      actor: 'ravi',
      subject: digest,
      details: { format: 'html', replayId: 'replay-1', verdict: 'reproduced', approvals: 0 },
    });
    expect(verifyChain(store).valid).toBe(true);
    // The next report lists the previous one among the bundle's audit entries.
    expect(gatherReplicationReport(store, digest, options).audit.entries.map((e) => e.action)).toContain(
      'report.produce',
    );
  });

  it('caps the audit entries it lists, keeping the newest, and says how many there are', async () => {
    const { store, digest } = await setup();
    for (let i = 0; i < 4; i++) produceReport(store, digest, options);
    const r = gatherReplicationReport(store, digest, { ...options, auditLimit: 2 });
    expect(r.audit.total).toBeGreaterThanOrEqual(5);
    expect(r.audit.entries).toHaveLength(2);
    expect(r.audit.entries[0]!.seq).toBeLessThan(r.audit.entries[1]!.seq); // oldest first
    expect(r.audit.entries[1]!.seq).toBe(listAudit(store, { subject: digest, limit: 1 }).entries[0]!.seq);
  });
});
