import { useEffect, useId, useState } from 'react';
import { Notice } from '../../components/notice';
import { PinnedAdmins } from '../../components/pinned-admins';
import { formatDate, plural } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import { JsonTextField } from '../../components/json-text-field';
import type { StoredTeam, TeamEditResult } from '../../../src-main/common/schemas/governance';
import { AddMemberForm, CreateTeamForm, TeamSettingsForm } from './team-forms';
import { TeamEditOutcome } from './team-edit-result';
import { TeamOnboarding } from './member-entry';

/**
 * The team the store trusts (a signed team file: version, admins, members, quorums), the admins a first import
 * pinned, and the ways to change it: create one, or (as its admin) add members and change settings, or import
 * a team file by pasting or choosing it.
 */
export function TeamPanel() {
  const t = useAppStore((s) => s.approvals.team);
  const identity = useAppStore((s) => s.approvals.inbox.data?.identity ?? null);
  const load = useAppStore((s) => s.loadTeam);
  const importTeam = useAction(useAppStore((s) => s.importTeam));
  const id = useId();
  const [text, setText] = useState('');
  const [edited, setEdited] = useState<TeamEditResult | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  const team = t.data?.team ?? null;
  const busy = importTeam.busy;
  // Each problem a line with its code; a request that failed is one line too.
  const problems = importTeam.error ? [importTeam.error] : importTeam.data;
  const submit = async () => {
    const p = await importTeam.run(text);
    if (p?.length === 0) setText('');
  };
  return (
    <section className="card" aria-labelledby="sec-team">
      <h2 id="sec-team">Team</h2>
      {t.error && (
        <Notice tone="error" title="Could not load the team">
          <p>{t.error}</p>
        </Notice>
      )}
      {!team ? (
        <p data-testid="team-status">
          No team file imported: the local identity may review, and one approval is enough.
        </p>
      ) : (
        <>
          <p data-testid="team-status">
            {team.team.name ?? 'Team file'} version {team.version}, imported {formatDate(team.importedAt)} by{' '}
            {team.importedBy}; {plural(team.team.members.length, 'member')}, quorum {team.team.quorum}.
          </p>
          <TeamTrust team={team} />
          <MemberTable team={team} />
        </>
      )}
      {(t.pinned || edited) && (
        <div className="team-notices">
          {t.pinned && <PinnedAdmins pin={t.pinned} />}
          {edited && <TeamEditOutcome result={edited} />}
        </div>
      )}
      {(!team || !team.signed) &&
        (identity ? (
          <CreateTeamForm onDone={setEdited} />
        ) : (
          <p className="muted small">To create a signed team, make your signing identity first (above).</p>
        ))}
      {team?.signed && t.data?.localAdmin && (
        <>
          <AddMemberForm onDone={setEdited} />
          <TeamSettingsForm key={team.hash} team={team} onDone={setEdited} />
        </>
      )}
      <TeamOnboarding identity={identity} />
      <details className="team-import">
        <summary>Import a team file</summary>
        <JsonTextField
          id={`${id}-text`}
          label="Team file (JSON)"
          fileLabel="Choose a team file"
          rows={6}
          value={text}
          onChange={setText}
        >
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || !text.trim()}
            onClick={() => void submit()}
          >
            {busy ? 'Importing…' : 'Import team file'}
          </button>
        </JsonTextField>
        {problems && problems.length > 0 && (
          <Notice tone="error" title="The team file was not imported">
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </Notice>
        )}
        {problems && problems.length === 0 && <Notice tone="success" title="Team file imported" />}
      </details>
    </section>
  );
}

/** Who may change the team: its admins when signed; nobody when it is a plain file from before signed teams. */
function TeamTrust({ team }: { team: StoredTeam }) {
  if (!team.signed) {
    return (
      <Notice tone="warning" title="Unsigned team file">
        <p data-testid="team-unsigned">
          Unsigned, imported before signed teams: ask an admin for a signed team file, or create one.
        </p>
      </Notice>
    );
  }
  return (
    <p className="small" data-testid="team-trust">
      Signed by its admins: {team.admins.map((a) => `${a.name} <${a.email}>`).join(', ') || 'none'};{' '}
      {team.team.adminQuorum} must sign a new version.
      {team.pinned && ` Pinned at version ${team.pinned.version} on ${formatDate(team.pinned.at)}.`} Signed authorship{' '}
      {team.team.requireSignedAuthorship ? 'required' : 'not required'}.
    </p>
  );
}

function MemberTable({ team }: { team: StoredTeam }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label="Team members">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Roles</th>
            <th scope="col">Revoked keys</th>
          </tr>
        </thead>
        <tbody>
          {team.team.members.map((m) => (
            <tr key={m.email + m.publicKey}>
              <td>
                {m.name} <span className="muted">&lt;{m.email}&gt;</span>
              </td>
              <td>{m.roles.join(', ')}</td>
              <td>{m.revokedKeys.length || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
