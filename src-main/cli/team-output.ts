import type { TeamPin } from '../common/schemas/governance';
import type { TeamView } from '../core/services/team-view';

/** How the team commands print a team (core/services/team-view.ts gives its one JSON shape). */

export function teamLines(t: TeamView): string {
  if (t.version === null) return 'No team file: the local identity may review (quorum 1).';
  const members = t.members.map(
    (m) =>
      `  ${m.name} <${m.email}>  ${m.roles.join(', ')}  key ${m.keyId.slice(0, 16)}${m.revokedKeys.length ? `  (${m.revokedKeys.length} revoked)` : ''}`,
  );
  const owners = Object.entries(t.moduleOwners).map(([mod, emails]) => `  ${mod}: ${emails.join(', ') || '(none)'}`);
  const trust = t.signed
    ? `signed; admins ${t.admins.map((a) => a.email).join(', ') || 'none'} (admin quorum ${t.adminQuorum})${t.pinned ? `; pinned at version ${t.pinned.version}` : ''}`
    : 'UNSIGNED (imported before signed teams): ask an admin for a signed team file';
  return [
    `Team${t.name ? ` ${t.name}` : ''}, version ${t.version}, quorum ${t.quorum}, signed authorship ${t.requireSignedAuthorship ? 'required' : 'not required'}`,
    `Trust: ${trust}`,
    'Members:',
    ...members,
    ...(owners.length ? ['Module owners:', ...owners] : []),
    ...(t.policy ? [`Approval policy hash: ${t.policy.hash}`] : []),
  ].join('\n');
}

/** The pinned admins, to be compared with each admin over another channel before the team is trusted. */
export function pinLines(pin: TeamPin): string {
  return [
    `Pinned the team at version ${pin.version}. From now on only its admins can change it. Compare these fingerprints with each admin`,
    'over another channel (in person, a call, a chat you already trust) before relying on this team:',
    ...pin.admins.map((a) => `  ${a.name} <${a.email}>\n    ${a.fingerprint}`),
  ].join('\n');
}
