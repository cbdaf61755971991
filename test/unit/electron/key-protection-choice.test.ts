import { describe, expect, it } from 'vitest';
import { chooseKeyProtection } from '../../../src-main/electron/key-protection-choice';

const facts = (platform: string, encryptionAvailable: boolean, backend: string | null) => ({
  platform,
  encryptionAvailable,
  backend,
});

describe('where the desktop app keeps new private keys', () => {
  it('uses the system keychain on macOS and Windows, and on Linux with a real keyring', () => {
    for (const f of [
      facts('darwin', true, null),
      facts('win32', true, null),
      ...['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'].map((b) => facts('linux', true, b)),
    ]) {
      expect(chooseKeyProtection(f)).toEqual({ kind: 'safe-storage', reason: null });
    }
  });

  it("falls back to the passphrase on Linux's basic_text backend, which encrypts with a hard-coded password", () => {
    expect(chooseKeyProtection(facts('linux', true, 'basic_text'))).toEqual({
      kind: 'scrypt',
      reason: 'no system keyring: protected by your passphrase',
    });
  });

  it('falls back to the passphrase when the backend is unknown (asked before ready) or not reported', () => {
    expect(chooseKeyProtection(facts('linux', true, 'unknown'))).toEqual({
      kind: 'scrypt',
      reason: 'no system keyring this app trusts (unknown): protected by your passphrase',
    });
    expect(chooseKeyProtection(facts('linux', true, null)).kind).toBe('scrypt');
  });

  it('falls back to the passphrase wherever safeStorage is unavailable', () => {
    for (const p of ['darwin', 'win32', 'linux']) {
      expect(chooseKeyProtection(facts(p, false, 'gnome_libsecret'))).toEqual({
        kind: 'scrypt',
        reason: 'the system keychain is not available: protected by your passphrase',
      });
    }
  });
});
