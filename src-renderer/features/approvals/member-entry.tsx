import type { Identity } from '../../../src-main/common/schemas/governance';
import { CopyButton } from '../../components/copy-button';

/** This identity as a team file lists its members: what an admin pastes to add you. */
export function memberEntry(
  identity: Pick<Identity, 'name' | 'email' | 'publicKey'>,
  roles: string[] = ['reviewer'],
): string {
  return JSON.stringify({ name: identity.name, email: identity.email, publicKey: identity.publicKey, roles }, null, 2);
}

/** A team file's fields with this identity as its first member: the shape to start from (an admin signs it). */
export function teamTemplate(identity: Pick<Identity, 'name' | 'email' | 'publicKey'> | null): string {
  const me = identity
    ? { name: identity.name, email: identity.email, publicKey: identity.publicKey, roles: ['admin', 'reviewer'] }
    : {
        name: 'Your Name',
        email: 'you@example.org',
        publicKey: 'your Ed25519 public key, SPKI DER in base64 (Approvals › Signing identity)',
        roles: ['admin', 'reviewer'],
      };
  return JSON.stringify(
    {
      name: 'Our team',
      members: [
        me,
        {
          name: 'A Reviewer',
          email: 'reviewer@example.org',
          publicKey: 'their public key (their “Copy my member entry”)',
          roles: ['reviewer'],
        },
      ],
      moduleOwners: { 'module-name': ['owner@example.org'] },
      quorum: 1,
      adminQuorum: 1,
      requireSignedAuthorship: true,
    },
    null,
    2,
  );
}

/**
 * Onboarding (issue 17): "Copy my member entry" for the admin who keeps the team file, and the team file's shape with
 * what each field means, to start one from.
 */
export function TeamOnboarding({ identity }: { identity: Identity | null }) {
  return (
    <div className="team-onboarding" data-testid="team-onboarding">
      {identity ? (
        <p className="actions">
          <span>Joining a team? Send its admin your member entry:</span>
          <CopyButton value={memberEntry(identity)} label="my member entry" />
        </p>
      ) : (
        <p className="muted small">Make your signing identity (above) to get a member entry an admin can add.</p>
      )}
      <details>
        <summary>Team file template</summary>
        <p className="muted small">
          <code>members</code>: name, email, Ed25519 public key and roles (contributor, reviewer, owner, admin);{' '}
          <code>quorum</code>: approvals a bundle needs; <code>adminQuorum</code>: admin signatures a new version needs;{' '}
          <code>moduleOwners</code>: who must approve bundles using a module; <code>requireSignedAuthorship</code>: only
          bundles a member signed are approvable. “Create the team” above writes and signs it for you.
        </p>
        <pre className="mono template" data-testid="team-template">
          {teamTemplate(identity)}
        </pre>
        <CopyButton value={teamTemplate(identity)} label="the team file template" />
      </details>
    </div>
  );
}
