import type { ReplicationReport, ReportVerdict } from '../../common/schemas/report';
import { approvalCountText } from '../../common/approval-count';
import { approvalWords, verdictWords as stateVerdictWords, type StateTone } from '../../common/state-vocabulary';
import { compactJson, esc, formatBytes, formatNumber } from './html-text';
import { reportCss } from './report-style';

/**
 * Renders a replication report as ONE self-contained HTML document: inline CSS only, no script, nothing
 * loaded from anywhere (a CSP meta tag forbids it as well), every value escaped. Sections follow issue 7:
 * hypothesis, data sets, parameters, metrics, environment, licenses, approvals, audit.
 */

export const reportCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

// The app's state vocabulary (common/state-vocabulary.ts): the same words and tones as every screen.
const toneClass: Record<StateTone, string> = {
  ok: 'good',
  bad: 'bad',
  warn: 'warn',
  info: 'neutral',
  neutral: 'neutral',
};
const verdictWords = Object.fromEntries(
  Object.entries(stateVerdictWords).map(([k, w]) => [k, { text: `${w.icon} ${w.label}`, tone: toneClass[w.tone] }]),
) as Record<ReportVerdict, { text: string; tone: string }>;
const licenseTone: Record<string, string> = { allowed: 'good', 'needs-review': 'warn', denied: 'bad', invalid: 'bad' };
const approvalTone: Record<string, string> = Object.fromEntries(
  Object.entries(approvalWords).map(([k, w]) => [k, toneClass[w.tone]]),
);

const badge = (text: string, tone: string, extra = '') => `<span class="badge ${tone}${extra}">${esc(text)}</span>`;
const code = (v: string | null | undefined) => (v === null || v === undefined ? '—' : `<code>${esc(v)}</code>`);
const meta = (rows: [string, string][]) =>
  `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;

function table(headers: string[], rows: string[][], numeric: number[] = [], nowrap: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : nowrap.includes(i) ? ' class="nowrap"' : '');
  const head = headers.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${esc(title)}</h2>\n${body}\n</section>`;
}

/** The author signature in words: who signed, verified against the team's keys, or why nobody is verified. */
function signedBy(a: ReplicationReport['bundle']['authorship']): string {
  const who = (p: { name: string; email: string; keyId: string }) =>
    `${p.name} <${p.email}>, key ${p.keyId.slice(0, 16)}`;
  switch (a.status) {
    case 'verified':
      return `${who(a.signer!)} (verified)`;
    case 'unsigned':
      return 'nobody: the bundle carries no author signature';
    case 'unknown-key':
      return `an unknown key${a.claimed ? ` (claims ${who(a.claimed)})` : ''}`;
    case 'revoked-key':
      return `${who(a.signer!)}, a key the team has revoked`;
    case 'invalid':
      return `an invalid signature: ${a.problems[0]?.message ?? 'it does not verify'}`;
  }
}

function header(r: ReplicationReport): string {
  const v = verdictWords[r.verdict];
  return `<header>
<p class="muted">Replication report</p>
<h1>${esc(r.bundle.name)}</h1>
<p><span class="digest-label">Bundle digest (SHA-256)</span><code class="digest" id="bundle-digest">${esc(r.bundle.digest)}</code></p>
<p>Verdict: ${badge(v.text, v.tone, ' verdict')}</p>
${meta([
  ['Signed by', esc(signedBy(r.bundle.authorship))],
  ['Author (as the metadata says)', esc(r.bundle.author)],
  ['Imported', esc(r.bundle.importedAt)],
  ['Integrity', esc(r.bundle.status)],
  ['Completeness', esc(r.bundle.completeness)],
  ['Size', esc(`${r.bundle.files} files, ${formatBytes(r.bundle.bytes)}`)],
  ['Generated', `${esc(r.generatedAt)} by ${esc(r.generatedBy)}`],
  ['App', `Provenance Desk ${esc(r.appVersion)}`],
])}
</header>`;
}

function hypothesis(r: ReplicationReport): string {
  const h = r.hypothesis;
  const source =
    h.source === 'run'
      ? 'The run’s description, where the bundle format keeps the hypothesis.'
      : h.source === 'crate'
        ? 'The run states no hypothesis; this is the bundle’s description.'
        : '';
  const body =
    h.text === null
      ? '<p class="note">The bundle states no hypothesis and no description.</p>'
      : `<blockquote class="quote">${esc(h.text)}</blockquote><p class="muted">${esc(source)}</p>`;
  const extra = h.description ? `<h3>Description</h3><blockquote class="quote">${esc(h.description)}</blockquote>` : '';
  const run = r.run
    ? meta([
        ['Run', esc(r.run.name ?? r.run.id)],
        ['Started', esc(r.run.startTime)],
        ['Ended', esc(r.run.endTime)],
        ['Agent', esc(r.run.agent)],
      ])
    : '';
  return section('hypothesis', 'Hypothesis', body + extra + run);
}

function datasets(r: ReplicationReport): string {
  if (r.datasets.length === 0)
    return section('datasets', 'Data sets', '<p class="note">The bundle names no data set.</p>');
  const rows = r.datasets.map((d) => [
    esc(d.name ?? d.id),
    esc(d.version ?? 'not stated'),
    code(d.sha256),
    esc(d.license),
    esc(d.access),
    d.url ? code(d.url) : '—',
  ]);
  return section(
    'datasets',
    `Data sets (${r.datasets.length})`,
    table(['Data set', 'Version', 'SHA-256', 'License', 'Access', 'Source (not fetched)'], rows),
  );
}

function parameters(r: ReplicationReport): string {
  if (r.parameters.length === 0)
    return section('parameters', 'Parameters', '<p class="note">The run records no parameters.</p>');
  const rows = r.parameters.map((p) => [
    code(p.name),
    esc(typeof p.value === 'number' ? formatNumber(p.value) : p.value === null ? 'null' : String(p.value)),
  ]);
  return section('parameters', `Parameters (${r.parameters.length})`, table(['Name', 'Value'], rows));
}

function metrics(r: ReplicationReport): string {
  const count = r.replays === 1 ? '1 replay' : `${r.replays} replays`;
  if (!r.replay) {
    const reported = r.reportedMetrics.length
      ? table(
          ['Metric', 'Reported'],
          r.reportedMetrics.map((m) => [code(m.name), esc(formatNumber(m.value))]),
          [1],
        )
      : '<p class="muted">The bundle reports no metrics.</p>';
    return section(
      'metrics',
      'Metrics',
      `<p class="note">${badge('Not replayed yet', 'neutral')} This bundle has not been replayed in this store, so its metrics are as reported, not checked.</p>${reported}`,
    );
  }
  const p = r.replay;
  const v = verdictWords[p.verdict];
  const info = meta([
    ['Verdict', `${badge(v.text, v.tone)} ${esc(p.reason)}`],
    ['Replay', `${code(p.id)} <span class="muted">(the store holds ${esc(count)})</span>`],
    [
      'Run',
      `${esc(p.startedAt)} → ${esc(p.finishedAt)} by ${esc(p.actor)}, ${esc(formatNumber(Math.round(p.durationMs)))} ms`,
    ],
    ['Batch size', esc(p.batchSize ?? 'as replay.json declares')],
    [
      'Predictions',
      p.predictions
        ? esc(`${p.predictions.rows} rows, ${p.predictions.disagreements} disagree with the recorded predictions`)
        : '—',
    ],
    ['Output SHA-256', code(p.outputSha256)],
  ]);
  const rows = p.metrics.map((m) => [
    code(m.name),
    esc(formatNumber(m.reported)),
    esc(formatNumber(m.replayed)),
    esc(formatNumber(m.delta)),
    esc(`abs ${formatNumber(m.tolerance.abs)}, rel ${formatNumber(m.tolerance.rel)}`),
    m.pass ? badge('pass', 'good') : `${badge('fail', 'bad')} ${esc(m.reason ?? '')}`,
  ]);
  const list = rows.length
    ? table(['Metric', 'Reported', 'Replayed', 'Delta', 'Tolerance', 'Result'], rows, [1, 2, 3])
    : '<p class="note">The replay produced no metrics.</p>';
  return section('metrics', 'Metrics: reported and replayed', info + list);
}

function environment(r: ReplicationReport): string {
  if (!r.replay)
    return section(
      'environment',
      'Environment differences',
      '<p class="note">Not replayed yet: no replay environment to compare with.</p>',
    );
  const e = r.replay.environment;
  const diffs = e.differences.length
    ? table(
        ['Component', 'Recorded', 'Replay'],
        e.differences.map((d) => [esc(d.name), esc(d.recorded ?? 'not recorded'), esc(d.local ?? 'absent')]),
      )
    : '<p>None: the replay ran on the environment the bundle recorded.</p>';
  const lines = (l: { name: string; value: string }[]) =>
    l.length ? l.map((x) => `${esc(x.name)}: ${esc(x.value)}`).join('<br>') : '—';
  return section(
    'environment',
    `Environment differences (${e.differences.length})`,
    `${diffs}${table(['Recorded by the bundle', 'Where the replay ran'], [[lines(e.recorded), lines(e.local)]])}`,
  );
}

function licenses(r: ReplicationReport): string {
  const l = r.licenses;
  if (!l)
    return section(
      'licenses',
      'License verdict',
      '<p class="note">Not evaluated yet under the store’s license policy.</p>',
    );
  const head = meta([
    ['Verdict', badge(l.verdict, licenseTone[l.verdict] ?? 'neutral')],
    ['Policy', `version ${esc(l.policyVersion)}, hash ${code(l.policyHash)}`],
    ['Evaluated', esc(l.evaluatedAt)],
  ]);
  const rows = l.artifacts.map((a) => [
    code(a.path),
    esc(a.role),
    `${code(a.expression ?? '(none)')}${a.inherited ? ' <span class="muted">(inherited)</span>' : ''}`,
    badge(a.status, licenseTone[a.status] ?? 'neutral'),
    esc(a.reason),
  ]);
  const findings = l.findings.length
    ? `<h3>Findings</h3><ul>${l.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`
    : '';
  return section(
    'licenses',
    'License verdict',
    head + table(['Artifact', 'Role', 'License', 'Status', 'Reason'], rows) + findings,
  );
}

function approvals(r: ReplicationReport): string {
  const a = r.approvals;
  const state = a.state
    ? `${badge(`${approvalWords[a.state].icon} ${approvalWords[a.state].label}`, approvalTone[a.state] ?? 'neutral')} ${esc(approvalCountText(a))}`
    : '—';
  if (a.records.length === 0)
    return section(
      'approvals',
      'Approvals',
      `${meta([['State', state]])}<p class="note">No approvals: nobody has signed a decision about this bundle.</p>`,
    );
  const rows = a.records.map((x) => [
    esc(x.decidedAt),
    badge(x.decision, x.decision === 'approve' ? 'good' : 'bad'),
    `${esc(x.approver.name)} &lt;${esc(x.approver.email)}&gt;`,
    x.signatureKeyIds.map((k) => code(k)).join('<br>'),
    x.signatureValid
      ? badge('verified', 'good')
      : `${badge('not verified', 'bad')} ${esc(x.signatureProblems.join('; '))}`,
    `${esc(x.reason)}${x.holds ? '' : ' <span class="muted">(superseded: the policy changed since)</span>'}${x.replayId ? `<br><span class="muted">replay ${esc(x.replayId)}</span>` : ''}`,
  ]);
  return section(
    'approvals',
    `Approvals (${a.records.length})`,
    meta([['State', state]]) +
      table(
        ['Decided', 'Decision', 'Approver', 'Signing key id (SHA-256 of the public key)', 'Signature', 'Reason'],
        rows,
      ),
  );
}

function audit(r: ReplicationReport): string {
  const a = r.audit;
  const chain = a.chain.valid ? badge('chain verified', 'good') : badge('chain broken', 'bad');
  const head = `<p>${chain} ${esc(`${a.chain.entries} entries in the store’s log; head`)} ${code(a.chain.head)}</p>`;
  const capped =
    a.total > a.entries.length
      ? `<p class="note">${esc(`The newest ${a.entries.length} of ${a.total} entries are listed.`)}</p>`
      : '';
  if (a.entries.length === 0)
    return section('audit', 'Audit entries', `${head}<p class="note">No audit entry names this bundle.</p>`);
  const rows = a.entries.map((e) => [
    esc(e.seq),
    esc(e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
    esc(e.actor),
    code(e.action),
    code(compactJson(e.details)),
    code(e.hash.slice(0, 16)),
  ]);
  return section(
    'audit',
    `Audit entries (${a.total})`,
    head + capped + table(['Seq', 'Time', 'Actor', 'Action', 'Details', 'Entry hash'], rows, [0], [1, 3, 5]),
  );
}

export function renderReportHtml(r: ReplicationReport): string {
  const title = `Replication report: ${r.bundle.name} (${r.bundle.digest.slice(0, 12)})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(reportCsp)}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<meta name="generator" content="Provenance Desk ${esc(r.appVersion)}">
<title>${esc(title)}</title>
<style>${reportCss}</style>
</head>
<body>
${header(r)}
<main>
${hypothesis(r)}
${datasets(r)}
${parameters(r)}
${metrics(r)}
${environment(r)}
${licenses(r)}
${approvals(r)}
${audit(r)}
</main>
<footer>Bundle ${esc(r.bundle.digest)} · generated ${esc(r.generatedAt)} by Provenance Desk ${esc(r.appVersion)}. The bundle digest is the SHA-256 of the bundle’s normalised payload manifest (manifest-sha256.txt); <code>provdesk verify</code> recomputes it from the bundle file.</footer>
</body>
</html>
`;
}
