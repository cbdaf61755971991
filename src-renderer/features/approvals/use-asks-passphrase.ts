import { hostKind } from '../../api/client';
import { useAppStore } from '../../store/app-store';
import type { KeyProtection } from '../../../src-main/common/schemas/key-protection';

/** How this host keeps new keys (app:info); until it has loaded, the browser preview means a passphrase. */
export function useNewKeyProtection(): KeyProtection {
  const known = useAppStore((s) => s.info.data?.keyProtection);
  return known ?? (hostKind === 'preview' ? { kind: 'scrypt', reason: null } : { kind: 'safe-storage', reason: null });
}

/**
 * Whether using a key asks its passphrase here: a key made with one always does (the desktop app's keychain
 * cannot open it); a key not known yet follows the host (no trusted keychain: a passphrase).
 */
export function useAsksPassphrase(protection: string | null | undefined): boolean {
  const host = useNewKeyProtection();
  return protection ? protection === 'scrypt' : host.kind === 'scrypt';
}
