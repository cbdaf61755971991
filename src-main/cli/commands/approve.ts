import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { approvalCountText } from '../../common/approval-count';
import { decideRequestSchema, type DecideResult } from '../../common/schemas/governance';
import { localActor } from '../../core/services/app-paths';
import { decideWithPassphrase } from '../../core/services/governance-actions';
import { parseFlags } from '../flags';
import { CliExit, emit, exitCode, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { askIdentityPassphrase } from '../signing';

interface ApproveOptions {
  decision: string;
  reason: string;
  justify: string[];
  output?: string;
}

/**
 * `provdesk approve DIGEST`: records a signed decision (DSSE envelope around an in-toto statement) when no
 * rule blocks it. Exit 0 recorded, 1 a rule blocks (each listed), 2 usage. The passphrase is asked only
 * once the rules allow the decision.
 */
export function registerApprove(program: Command, globals: () => GlobalOptions): void {
  program
    .command('approve')
    .description('approve or reject a replication, signed with your identity; says which rule blocks')
    .argument('<digest>', 'the stored bundle (digest, or a unique prefix of 8+ hex characters)')
    .requiredOption('--decision <decision>', 'approve or reject')
    .requiredOption('--reason <text>', 'why, in words: it is signed into the decision')
    .option(
      '--justify <metric=text>',
      'a written justification for a metric outside tolerance (repeat per metric; "outputs" when predictions differ)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('-o, --output <file>', 'also write the signed decision (DSSE envelope JSON) to this file')
    .action(async (digestArg: string, options: ApproveOptions) => {
      const opts = globals();
      const justifications: Record<string, string> = {};
      for (const j of options.justify) {
        const at = j.indexOf('=');
        if (at <= 0 || !j.slice(at + 1).trim())
          throw new CliExit(exitCode.usage, `--justify takes metric=text, not ${JSON.stringify(j)}`);
        justifications[j.slice(0, at).trim()] = j.slice(at + 1).trim();
      }
      // The app's approvals:decide request, checked by its schema (the bundle is named by a prefix here, resolved in
      // the store).
      const request = parseFlags(
        decideRequestSchema.pick({ decision: true, reason: true, justifications: true }),
        { decision: options.decision, reason: options.reason, justifications },
        { justifications: { flag: '--justify' } },
      );
      const result = await withStore(opts, (store) =>
        decideWithPassphrase(store, { ...request, bundle: digestArg }, askIdentityPassphrase, localActor()),
      );
      let file: string | null = null;
      if (result.accepted && options.output) {
        file = path.resolve(options.output);
        writeFileSync(file, `${JSON.stringify(result.approval, null, 2)}\n`);
      }
      emit(opts, approveJson(result, file), () => human(result, file));
      process.exitCode = result.accepted ? exitCode.ok : exitCode.negative;
    });
}

function approveJson(r: DecideResult, file: string | null) {
  return {
    accepted: r.accepted,
    approval: r.approval,
    problems: r.problems,
    bundleDigest: r.check.bundleDigest,
    decision: r.record?.decision ?? null,
    state: r.check.state,
    rules: r.check.rules,
    approvals: r.check.approvals,
    quorum: r.check.quorum,
    requiredOwners: r.check.requiredOwners,
    ...(r.record ? { approvalId: r.record.id, auditSeq: r.record.auditSeq, supersedes: r.supersedes?.id ?? null } : {}),
    ...(file ? { file } : {}),
  };
}

function human(r: DecideResult, file: string | null): string {
  const mark = { pass: 'ok  ', block: 'NO  ', wait: 'wait' } as const;
  const rules = r.check.rules.map(
    (x) => `  ${mark[x.status]}  ${x.title}: ${x.message}${x.hint && x.status !== 'pass' ? ` (${x.hint})` : ''}`,
  );
  if (!r.accepted)
    return [
      `BLOCKED: the decision was not recorded (${r.problems.length === 1 ? '1 rule blocks it' : `${r.problems.length} rules block it`})`,
      ...r.problems.map((p) => `  - ${p.message}`),
      '',
      'Rules:',
      ...rules,
    ].join('\n');
  return [
    `RECORDED: ${r.record!.decision} by ${r.record!.approver.name} <${r.record!.approver.email}> (audit entry #${r.record!.auditSeq})`,
    ...(r.supersedes
      ? [
          `Replaces your earlier decision (${r.supersedes.decision}, ${r.supersedes.decidedAt}): a reviewer counts once, by their latest decision`,
        ]
      : []),
    `Bundle state: ${r.check.state}, ${approvalCountText(r.check)}`,
    ...(file ? [`Signed decision written to ${file}`] : []),
    '',
    'Rules:',
    ...rules,
  ].join('\n');
}
