import type { Identity, InboxItem } from '../../common/schemas/governance';
import { inboxCandidateRows, moduleVersionsOf } from '../store/repos/approval-facts-repo';
import type { ReadApi } from '../store/store';
import {
  approvalContext,
  approverEmail,
  baselineIndexFor,
  bundleFacts,
  ruleInput,
  type ApprovalContext,
} from './approval-inputs';
import { evaluateApproval } from './approval-rules';
import { requiredOwners, type ModuleVersion } from './module-baseline';
import { decidedStates } from './replication-states';

/** A bundle that waits for this identity, known from cheap columns; its rules are evaluated only when shown. */
interface Candidate {
  digest: string;
  name: string;
  author: string | null;
  importedAt: string;
  modules: () => ModuleVersion[];
}

const same = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What waits for this identity, newest import first: bundles not settled (approved or rejected under the current
 * policy), that it has no holding decision on, and that it did not sign as their author (the verified signature,
 * never the metadata's author). The same filters the full rule evaluation applies, read in SQL, so the count
 * over 10,000 bundles stays cheap. Bundles whose metadata was refused never wait: they cannot be approved.
 */
function inboxCandidates(
  db: ReadApi,
  identity: Identity | null,
  context: ApprovalContext,
  settled: Record<string, string>,
): Candidate[] {
  const myEmail = identity ? approverEmail(context, identity) : null;
  const rows = inboxCandidateRows(db);
  const keyEmail = new Map(context.authorshipKeys.map((k) => [k.keyId, k.email]));
  const candidates: Candidate[] = [];
  for (const r of rows) {
    if (settled[r.digest]) continue;
    if (
      identity &&
      (context.decisions.get(r.digest) ?? []).some(
        (d) => d.keyId === identity.keyId && d.policyHash === context.policyHash,
      )
    )
      continue;
    // My own runs never wait for me: I signed them (with this key, or another key the team gives me).
    if (identity && r.signerKey && (r.signerKey === identity.keyId || same(myEmail, keyEmail.get(r.signerKey) ?? null)))
      continue;
    candidates.push({
      digest: r.digest,
      name: r.name,
      author: r.authorEmail ?? r.authorName,
      importedAt: r.importedAt,
      // Parsed only when asked: without an identity nobody's ownership is counted.
      modules: () => moduleVersionsOf(r.modulesJson),
    });
  }
  return candidates;
}

/** Whether this identity must approve as the owner of a module version not approved before. */
function ownerRequired(c: Candidate, identity: Identity | null, context: ApprovalContext, me: string | null): boolean {
  if (!identity || !me) return false;
  const owners = requiredOwners(c.modules(), baselineIndexFor(c.digest, context), context.moduleOwners, []);
  return owners.some((o) => o.owners.includes(me));
}

function inboxItem(db: ReadApi, c: Candidate, identity: Identity | null, context: ApprovalContext): InboxItem {
  const approver = identity ? { name: identity.name, email: identity.email, keyId: identity.keyId } : null;
  const check = evaluateApproval(ruleInput(db, bundleFacts(db, c.digest), approver, 'approve', {}, context));
  const me = identity ? approverEmail(context, identity).toLowerCase() : null;
  return {
    bundleDigest: c.digest,
    name: c.name,
    author: c.author,
    importedAt: c.importedAt,
    state: check.state,
    blocking: check.blocking,
    ownerRequired: !!me && check.requiredOwners.some((o) => o.owners.includes(me)),
    approvals: check.approvals,
    quorum: check.quorum,
  };
}

/**
 * The inbox: how many bundles wait, how many need this identity as a module owner, and the newest `limit` of
 * them with every rule that keeps it from approving now.
 */
export function approvalInbox(
  db: ReadApi,
  identity: Identity | null,
  options: { limit?: number; context?: ApprovalContext; settled?: Record<string, 'approved' | 'rejected'> } = {},
): { total: number; ownerRequired: number; items: InboxItem[] } {
  const context = options.context ?? approvalContext(db);
  const candidates = inboxCandidates(db, identity, context, options.settled ?? decidedStates(db, context));
  const shown = options.limit === undefined ? candidates : candidates.slice(0, options.limit);
  // Only an identity that owns some module (by the team's email for its key) can be a required owner.
  const me = identity ? approverEmail(context, identity).toLowerCase() : null;
  const owning =
    me !== null && Object.values(context.moduleOwners).some((emails) => emails.some((e) => e.toLowerCase() === me));
  return {
    total: candidates.length,
    ownerRequired: owning ? candidates.filter((c) => ownerRequired(c, identity, context, me)).length : 0,
    items: shown.map((c) => inboxItem(db, c, identity, context)),
  };
}
