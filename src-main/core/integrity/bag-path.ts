/**
 * Paths inside manifests and fetch.txt: percent-decoding of exactly %0A, %0D and %25 (RFC 8493 §2.1.3),
 * the inverse encoding, and the containment check. The check runs on the decoded path and never
 * URL-decodes anything else, so "%2e%2e" stays a literal (harmless) name.
 */
export function decodeManifestPath(raw: string): string {
  return raw.replace(/%(0a|0d|25)/gi, (m) => {
    const code = m.slice(1).toLowerCase();
    return code === '0a' ? '\n' : code === '0d' ? '\r' : '%';
  });
}

export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

/** Why a bag-relative path could reach outside the bag, or null when it is a plain relative path. */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'empty path';
  if (path.includes('\0')) return 'contains NUL';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'drive-letter path';
  const parts = path.split('/');
  if (parts[0]?.startsWith('~')) return 'home-directory reference';
  for (const part of parts) {
    if (part === '..') return 'contains ".."';
    if (part === '.') return 'contains "."';
    if (part === '') return 'empty path segment';
  }
  return null;
}

/** Key under which names collide on case-insensitive or normalising file systems. */
export function foldKey(name: string): string {
  return name.normalize('NFC').toLowerCase().toUpperCase().toLowerCase().normalize('NFC');
}

/** Byte order of the UTF-8 encodings (what BUNDLE-FORMAT sorts by); JS string order is UTF-16. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
