/**
 * Who an audit entry names (issue 17): where a signing identity acted (a decision signed, a bundle signed, an identity
 * made, a teammate's signed decision imported), the entry's actor is that identity, "Name <email>", and the account
 * the app or CLI ran under is kept in the details as `osUser`; elsewhere the actor stays the OS user.
 */
export function identityActor(identity: { name: string; email: string }): string {
  return `${identity.name} <${identity.email}>`;
}
