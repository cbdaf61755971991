import { useId, type RefObject } from 'react';
import { useCall } from '../../store/use-call';
import { useAsksPassphrase } from '../approvals/use-asks-passphrase';
import { hrefFor } from '../../app/routes';
import type { Identity } from '../../../src-main/common/schemas/governance';
import type { BundleSigner } from '../../../src-main/common/schemas/making';

/** The store's signing identity: undefined while it loads, null when there is none (or it cannot be read). */
export function useSigningIdentity(): Identity | null | undefined {
  const r = useCall('identity:get', {});
  return r.error ? null : r.data ? r.data.identity : undefined;
}

/**
 * "Sign as <name> <email>" for a bundle about to be written, and, for a key kept with a passphrase (the preview
 * host; the desktop app without a system keyring), its passphrase (read from its field at the call, never kept in
 * state). Without an identity it says where to make one.
 */
export function SignOption({
  identity,
  checked,
  onChange,
  passRef,
}: {
  identity: Identity | null | undefined;
  checked: boolean;
  onChange(v: boolean): void;
  passRef: RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const asksPassphrase = useAsksPassphrase(identity?.protection);
  if (identity === undefined) return null;
  if (identity === null) {
    return (
      <p className="muted small" data-testid="sign-hint">
        Written unsigned: <a href={hrefFor('approvals')}>create a signing identity on the Approvals page</a> to sign the
        bundles you write.
      </p>
    );
  }
  return (
    <div className="sign-option" data-testid="sign-option">
      <label className="radio">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span>
          Sign as {identity.name} &lt;{identity.email}&gt;
        </span>
      </label>
      <p className="muted small">The signature says you made this run: sign only your own.</p>
      {checked && asksPassphrase && (
        <div className="field">
          <label htmlFor={`${id}-pass`}>Passphrase of your signing key</label>
          <input id={`${id}-pass`} ref={passRef} className="input" type="password" autoComplete="current-password" />
        </div>
      )}
    </div>
  );
}

/** The request fields for signing: the passphrase only when the field has one. */
export function signFields(
  sign: boolean,
  passRef: RefObject<HTMLInputElement | null>,
): { sign?: true; passphrase?: string } {
  if (!sign) return {};
  const passphrase = passRef.current?.value ?? '';
  return passphrase ? { sign: true, passphrase } : { sign: true };
}

/** Who signed what was just written, or that it is unsigned. */
export function SignedBy({ signer }: { signer: BundleSigner | null }) {
  if (!signer) return <p data-testid="written-signer">Not signed.</p>;
  return (
    <p data-testid="written-signer">
      Signed by {signer.name} &lt;{signer.email}&gt;, key <code>{signer.keyId.slice(0, 16)}</code>.
    </p>
  );
}
