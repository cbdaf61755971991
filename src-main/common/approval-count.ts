/**
 * The one wording of an approval count (issue 17): the report, the Decide dialog, the inbox, the dashboard and the CLI
 * all print core's `approvals` and `quorum` through it, so no two screens disagree about the same bundle.
 */
export function approvalCountText(c: { approvals: number; quorum: number }): string {
  return `${c.approvals} of ${c.quorum} required approval${c.quorum === 1 ? '' : 's'} ${c.approvals === 1 ? 'holds' : 'hold'}`;
}
