import { useId, useRef, useState, type FormEvent } from 'react';
import { useNewKeyProtection } from './use-asks-passphrase';
import { Notice } from '../../components/notice';
import { formatDate } from '../../components/format';
import { KeyValueList } from '../../components/key-value-list';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import type { Identity } from '../../../src-main/common/schemas/governance';

/** The local signing identity, or the form that makes one (the passphrase goes from its field into the call). */
export function IdentityPanel({ identity }: { identity: Identity | null }) {
  const host = useNewKeyProtection();
  // Why a passphrase guards the key: said where the key is shown, when this host is the reason.
  const why = identity?.protection === 'scrypt' && host.kind === 'scrypt' && host.reason ? sentence(host.reason) : null;
  return (
    <section className="card" aria-labelledby="sec-identity">
      <h2 id="sec-identity">Your signing identity</h2>
      {identity ? (
        <div data-testid="identity">
          <KeyValueList
            items={[
              ['Name', `${identity.name} <${identity.email}>`],
              [
                'Key id',
                <code className="digest-full" key="k">
                  {identity.keyId}
                </code>,
              ],
              [
                'Public key',
                <code className="digest-full" key="p" data-testid="identity-public-key">
                  {identity.publicKey}
                </code>,
              ],
              [
                'Created',
                `${formatDate(identity.createdAt)}, key kept ${identity.protection === 'scrypt' ? 'encrypted with your passphrase' : 'by the system keychain'}`,
              ],
              ...(why ? [['Key protection', why] as [string, string]] : []),
            ]}
          />
        </div>
      ) : (
        <CreateIdentity />
      )}
    </section>
  );
}

function CreateIdentity() {
  const create = useAction(useAppStore((s) => s.createIdentity));
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const pass = useRef<HTMLInputElement>(null);
  const again = useRef<HTMLInputElement>(null);
  const [mismatch, setMismatch] = useState(false);
  const host = useNewKeyProtection();
  const asks = host.kind === 'scrypt';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = pass.current?.value ?? '';
    const differ = asks && p !== (again.current?.value ?? '');
    setMismatch(differ);
    if (differ) return;
    await create.run(name, email, p);
    if (pass.current) pass.current.value = '';
    if (again.current) again.current.value = '';
  };
  const error = mismatch ? 'The two passphrases differ.' : create.error;
  return (
    <form aria-label="Create a signing identity" onSubmit={(e) => void submit(e)}>
      <p>
        There is no signing identity in this store. Decisions are signed with an Ed25519 key made here; its private part
        never leaves the store unencrypted.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            className="input"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
          />
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
            autoComplete="email"
          />
        </div>
        {asks && (
          <>
            <div className="field">
              <label htmlFor={`${id}-pass`}>Passphrase (8+ characters)</label>
              <input
                id={`${id}-pass`}
                ref={pass}
                className="input"
                type="password"
                required
                minLength={8}
                autoComplete="new-password"
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-again`}>Passphrase again</label>
              <input
                id={`${id}-again`}
                ref={again}
                className="input"
                type="password"
                required
                autoComplete="new-password"
              />
            </div>
          </>
        )}
      </div>
      {asks && host.reason && (
        <p className="muted small" data-testid="key-protection-reason">
          {sentence(host.reason)}
        </p>
      )}
      {error && (
        <Notice tone="error" title="The identity was not created">
          <p>{error}</p>
        </Notice>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={create.busy}>
          {create.busy ? 'Creating…' : 'Create identity'}
        </button>
      </div>
    </form>
  );
}

/** 'no system keyring: protected by your passphrase' → 'No system keyring: protected by your passphrase.' */
function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
