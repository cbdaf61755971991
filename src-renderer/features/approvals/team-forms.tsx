import { useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useAsksPassphrase } from './use-asks-passphrase';
import { Notice } from '../../components/notice';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import type { TeamEdit } from '../../store/approvals-slice';
import type { Role, StoredTeam, TeamEditResult } from '../../../src-main/common/schemas/governance';

/**
 * The forms that make a new signed version of the team here: create (the local identity becomes its admin), add a
 * member (or a role, or a new key), settings. Each signs with the local key: a key kept with a passphrase has it
 * asked (read from the field at the call, never kept); one in the desktop app's system keychain does not.
 */

const roles: Role[] = ['contributor', 'reviewer', 'owner', 'admin'];

export function CreateTeamForm({ onDone }: { onDone(r: TeamEditResult): void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [reviewer, setReviewer] = useState(true);
  return (
    <TeamForm
      label="Create a team"
      summary="Create team"
      submit="Create and sign"
      onDone={onDone}
      edit={() => ({ kind: 'create', name, roles: reviewer ? ['reviewer'] : [] })}
    >
      <p className="small muted">
        You become the team&apos;s first admin: only admins sign new versions of the team file.
      </p>
      <div className="field">
        <label htmlFor={`${id}-name`}>Team name</label>
        <input id={`${id}-name`} className="input" required value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <label className="radio">
        <input type="checkbox" checked={reviewer} onChange={(e) => setReviewer(e.target.checked)} />
        <span>I review bundles too (role reviewer)</span>
      </label>
    </TeamForm>
  );
}

export function AddMemberForm({ onDone }: { onDone(r: TeamEditResult): void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  return (
    <TeamForm
      label="Add a member"
      summary="Add member…"
      submit="Sign and add"
      onDone={onDone}
      edit={() => ({ kind: 'addMember', name, email, publicKey, role })}
    >
      <p className="small muted">
        A member already in the team gets the role added; a different key for them replaces (and revokes) their old one.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            className="input"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-key`}>Public key (base64, from their signing identity)</label>
        <input
          id={`${id}-key`}
          className="input mono"
          required
          value={publicKey}
          onChange={(e) => setPublicKey(e.target.value)}
        />
      </div>
    </TeamForm>
  );
}

export function TeamSettingsForm({ team, onDone }: { team: StoredTeam; onDone(r: TeamEditResult): void }) {
  const id = useId();
  const [quorum, setQuorum] = useState(team.team.quorum);
  const [adminQuorum, setAdminQuorum] = useState(team.team.adminQuorum);
  const [signedAuthorship, setSignedAuthorship] = useState(team.team.requireSignedAuthorship);
  return (
    <TeamForm
      label="Team settings"
      summary="Settings…"
      submit="Sign and save"
      onDone={onDone}
      edit={() => ({ kind: 'set', quorum, adminQuorum, requireSignedAuthorship: signedAuthorship })}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-quorum`}>Approvals a bundle needs (quorum)</label>
          <input
            id={`${id}-quorum`}
            className="input"
            type="number"
            min={1}
            max={100}
            required
            value={quorum}
            onChange={(e) => setQuorum(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-admin`}>Admin signatures a new team version needs</label>
          <input
            id={`${id}-admin`}
            className="input"
            type="number"
            min={1}
            max={100}
            required
            value={adminQuorum}
            onChange={(e) => setAdminQuorum(Number(e.target.value))}
          />
        </div>
      </div>
      <label className="radio">
        <input type="checkbox" checked={signedAuthorship} onChange={(e) => setSignedAuthorship(e.target.checked)} />
        <span>Require signed authorship: a bundle is approvable only when a member&apos;s key signed it</span>
      </label>
    </TeamForm>
  );
}

/** One collapsible form that signs a team edit, with the passphrase on the preview host and the error in words. */
function TeamForm(props: {
  label: string;
  summary: string;
  submit: string;
  edit(): TeamEdit;
  onDone(r: TeamEditResult): void;
  children: ReactNode;
}) {
  const editTeam = useAction(useAppStore((s) => s.editTeam));
  const pass = useRef<HTMLInputElement>(null);
  const { busy, error } = editTeam;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const passphrase = pass.current?.value ?? '';
    const result = await editTeam.run({ ...props.edit(), ...(passphrase ? { passphrase } : {}) });
    if (pass.current) pass.current.value = '';
    if (result) props.onDone(result);
  };
  return (
    <details className="team-import">
      <summary>{props.summary}</summary>
      <form aria-label={props.label} onSubmit={(e) => void submit(e)}>
        {props.children}
        <PassphraseField passRef={pass} />
        {error && (
          <Notice tone="error" title="Nothing was signed">
            <p>{error}</p>
          </Notice>
        )}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Signing…' : props.submit}
          </button>
        </div>
      </form>
    </details>
  );
}

function PassphraseField({ passRef }: { passRef: RefObject<HTMLInputElement | null> }) {
  const id = useId();
  const asks = useAsksPassphrase(useAppStore((s) => s.approvals.inbox.data?.identity?.protection));
  if (!asks) return null;
  return (
    <div className="field">
      <label htmlFor={`${id}-pass`}>Passphrase of your signing key</label>
      <input id={`${id}-pass`} ref={passRef} className="input" type="password" autoComplete="current-password" />
    </div>
  );
}
