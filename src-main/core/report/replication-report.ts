import { createHash } from 'node:crypto';
import type { Environment } from '../../common/schemas/bundle';
import type { AuditEntry } from '../../common/schemas/audit';
import type { ReplayRecord } from '../../common/schemas/replay';
import { replicationReportSchema, type ReplicationReport } from '../../common/schemas/report';
import { CodedError } from '../../common/result';
import type { ReadApi } from '../store/store';
import { bundleOverview } from '../governance/bundle-overview';
import { replayRecord, replaySummaries } from '../store/repos/replays-repo';
import { getBundleLicenses } from '../governance/license-queries';
import { checkApproval, listApprovals } from '../governance/approvals';
import { verifyAttestationInStore } from '../governance/attestation-store';
import { readIdentity } from '../governance/local-identity';
import { listAudit, verifyChain } from '../audit/audit-log';

export interface ReportOptions {
  replayId?: string; // default: the bundle's latest replay
  actor: string;
  appVersion: string;
  now?: Date;
  auditLimit?: number; // most entries listed (the newest are kept); default 2,000
}

/**
 * Gathers the replication report of one stored bundle: its verified metadata, the chosen replay, the license
 * verdict, the approvals (their signatures verified again now) and the audit entries about it. Reads only.
 * Unknown digest or replay id, or a replay of another bundle: CodedError('not-found').
 */
export function gatherReplicationReport(db: ReadApi, digest: string, options: ReportOptions): ReplicationReport {
  const detail = bundleOverview(db, digest);
  const m = detail.metadata;
  const replay = chooseReplay(db, digest, options.replayId);
  const hypothesis = m.run?.hypothesis
    ? {
        text: m.run.hypothesis,
        source: 'run' as const,
        description: m.description && m.description !== m.run.hypothesis ? m.description : null,
      }
    : m.description
      ? { text: m.description, source: 'crate' as const, description: null }
      : { text: null, source: 'none' as const, description: null };

  const report: ReplicationReport = {
    generatedAt: (options.now ?? new Date()).toISOString(),
    generatedBy: options.actor,
    appVersion: options.appVersion,
    verdict: replay ? replay.verdict : 'not-replayed',
    bundle: {
      digest,
      name: detail.summary.name,
      author: detail.summary.author,
      importedAt: detail.summary.importedAt,
      status: detail.summary.status,
      completeness: detail.summary.completeness,
      files: detail.summary.files,
      bytes: detail.summary.bytes,
      license: m.license,
      authorship: detail.authorship,
    },
    hypothesis,
    run: m.run
      ? { id: m.run.id, name: m.run.name, startTime: m.run.startTime, endTime: m.run.endTime, agent: m.run.agent }
      : null,
    datasets: m.datasets.map((d) => ({
      id: d.id,
      name: d.name,
      version: d.version,
      sha256: d.sha256,
      url: d.url,
      license: d.license,
      access: d.access,
    })),
    parameters: Object.entries(m.run?.parameters ?? {}).map(([name, value]) => ({ name, value })),
    reportedMetrics: Object.entries(m.run?.metrics ?? {}).map(([name, value]) => ({ name, value })),
    replay: replay ? replaySection(replay) : null,
    replays: replaySummaries(db, { digest, offset: 0, limit: 1 }).total,
    licenses: licenseSection(db, digest),
    approvals: approvalSection(db, digest),
    audit: auditSection(db, digest, options.auditLimit ?? 2000),
  };
  return replicationReportSchema.parse(report);
}

function chooseReplay(db: ReadApi, digest: string, replayId: string | undefined): ReplayRecord | null {
  if (replayId === undefined) {
    const latest = replaySummaries(db, { digest, offset: 0, limit: 1 }).replays[0];
    return latest ? replayRecord(db, latest.id) : null;
  }
  const record = replayRecord(db, replayId);
  if (!record) throw new CodedError('not-found', `no replay ${replayId} in this store`);
  if (record.bundleDigest !== digest)
    throw new CodedError('not-found', `replay ${replayId} is not a replay of bundle ${digest}`);
  return record;
}

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);

/** An environment as name/value lines: the fixed fields first, then packages by name. */
export function environmentLines(
  env: Partial<Environment> & Record<string, unknown>,
): { name: string; value: string }[] {
  const lines: { name: string; value: string }[] = [];
  for (const key of ['os', 'arch', 'cpu', 'cores', 'gpu', 'appVersion'] as const) {
    const value = text(env[key]);
    if (value !== null) lines.push({ name: key, value });
  }
  const runtime = env.runtime as { name?: unknown; version?: unknown } | null | undefined;
  if (runtime && typeof runtime === 'object')
    lines.push({ name: 'runtime', value: `${text(runtime.name) ?? '?'} ${text(runtime.version) ?? '?'}` });
  const packages = env.packages && typeof env.packages === 'object' ? (env.packages as Record<string, unknown>) : {};
  for (const name of Object.keys(packages).sort())
    lines.push({ name: `package ${name}`, value: text(packages[name]) ?? '' });
  return lines;
}

function replaySection(r: ReplayRecord): NonNullable<ReplicationReport['replay']> {
  const env = r.outcome.environment;
  return {
    id: r.id,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    actor: r.actor,
    verdict: r.verdict,
    reason: r.reason,
    outputSha256: r.outputSha256,
    batchSize: r.batchSize,
    durationMs: r.durationMs,
    metrics: r.outcome.metrics,
    predictions: r.outcome.predictions,
    environment: {
      recorded: env.recorded ? environmentLines(env.recorded) : [],
      local: environmentLines(env.local),
      differences: env.differences,
    },
  };
}

function licenseSection(db: ReadApi, digest: string): ReplicationReport['licenses'] {
  try {
    const l = getBundleLicenses(db, digest);
    return {
      verdict: l.verdict,
      policyVersion: l.policyVersion,
      policyHash: l.policyHash,
      evaluatedAt: l.evaluatedAt,
      artifacts: l.artifacts.map((a) => ({
        path: a.path,
        role: a.role,
        expression: a.expression,
        inherited: a.inherited,
        status: a.status,
        reason: a.reason,
      })),
      findings: l.findings.map((f) => f.message),
    };
  } catch (error) {
    if (error instanceof CodedError && error.code === 'not-found') return null; // not evaluated yet
    throw error;
  }
}

function approvalSection(db: ReadApi, digest: string): ReplicationReport['approvals'] {
  const identity = readIdentity(db);
  const records = listApprovals(db, digest).map((a) => {
    const check = verifyAttestationInStore(db, a.envelope, identity, { digest });
    return {
      id: a.id,
      decision: a.decision,
      reason: a.reason,
      approver: a.approver,
      signatureKeyIds: a.envelope.signatures.map((s) => s.keyid ?? '(no key id)'),
      signatureValid: check.valid,
      signatureProblems: check.problems.map((p) => p.message),
      holds: a.holds,
      replayId: a.replayId,
      decidedAt: a.decidedAt,
      auditSeq: a.auditSeq,
      envelopeSha256: createHash('sha256').update(JSON.stringify(a.envelope)).digest('hex'),
    };
  });
  let state: ReplicationReport['approvals']['state'] = null;
  let approvals = 0;
  let quorum = 0;
  try {
    const check = checkApproval(db, digest, identity);
    ({ state, approvals, quorum } = check);
  } catch {
    // a store written by an older build may lack the tables the rules read; the records still show
  }
  return { state, approvals, quorum, records };
}

function auditSection(db: ReadApi, digest: string, limit: number): ReplicationReport['audit'] {
  const entries: AuditEntry[] = [];
  let total = 0;
  for (let offset = 0; entries.length < limit;) {
    const page = listAudit(db, { subject: digest, offset, limit: Math.min(1000, limit - entries.length) });
    total = page.total;
    entries.push(...page.entries);
    offset += page.entries.length;
    if (page.entries.length === 0 || offset >= page.total) break;
  }
  const chain = verifyChain(db);
  return { entries: entries.reverse(), total, chain: { valid: chain.valid, entries: chain.entries, head: chain.head } };
}
