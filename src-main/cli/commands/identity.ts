import type { Command } from 'commander';
import { contract } from '../../common/contract';
import type { Identity } from '../../common/schemas/governance';
import { CodedError } from '../../common/result';
import { localActor } from '../../core/services/app-paths';
import { createPassphraseIdentity, localIdentity } from '../../core/services/governance-actions';
import { parseFlags } from '../flags';
import { emit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { readPassphrase } from '../passphrase';

/** `provdesk identity create|show`: the store's Ed25519 signing identity (private key encrypted with a passphrase). */
export function registerIdentity(program: Command, globals: () => GlobalOptions): void {
  const identity = program
    .command('identity')
    .description('the local signing identity (Ed25519) that approvals are signed with');
  identity
    .command('create')
    .description(
      'make the signing identity; its private key is kept encrypted with your passphrase (PROVDESK_PASSPHRASE, or asked)',
    )
    .requiredOption('--name <name>', 'your name, as teammates know it')
    .requiredOption('--email <email>', 'your email; compared with run authors (you cannot approve your own runs)')
    .action(async (options: { name: string; email: string }) => {
      const opts = globals();
      const { name, email } = parseFlags(contract['identity:create'].request, {
        name: options.name,
        email: options.email,
      });
      const passphrase = await readPassphrase('Passphrase for the new signing key: ', { confirm: true });
      const made = await withStore(opts, (store) =>
        createPassphraseIdentity(store, { name, email }, passphrase, localActor()),
      );
      emit(
        opts,
        identityJson(made),
        () =>
          `Created the signing identity\n${identityLines(made)}\nShare the public key with your team (team file: members[].publicKey).`,
      );
    });
  identity
    .command('show')
    .description('the signing identity: name, email, key id and public key')
    .action(async () => {
      const opts = globals();
      const found = await withStore(opts, (store) => localIdentity(store));
      if (!found)
        throw new CodedError(
          'not-found',
          'this store has no signing identity yet: provdesk identity create --name N --email E',
        );
      emit(opts, identityJson(found), () => identityLines(found));
    });
}

function identityJson(i: Identity) {
  return {
    keyId: i.keyId,
    publicKey: i.publicKey,
    name: i.name,
    email: i.email,
    createdAt: i.createdAt,
    protection: i.protection,
  };
}

function identityLines(i: Identity): string {
  return [
    `  name        ${i.name}`,
    `  email       ${i.email}`,
    `  key id      ${i.keyId}`,
    `  public key  ${i.publicKey}`,
    `  created     ${i.createdAt} (private key protected by ${i.protection})`,
  ].join('\n');
}
