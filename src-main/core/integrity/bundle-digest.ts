import { createHash } from 'node:crypto';
import { compareUtf8, decodeManifestPath, encodeManifestPath } from './bag-path';

/**
 * BUNDLE-FORMAT "Bundle digest": SHA-256 (lowercase hex) of the sha256 manifest normalised to
 * `<lowercase hex> <path>\n` lines, paths decoded then re-encoded, sorted by UTF-8 byte order.
 * `path` may be given encoded (as in the manifest) or decoded: decoding then re-encoding is the same
 * either way for the three escapes the format knows.
 */
export function bundleDigest(entries: { path: string; sha256: string }[]): string {
  const lines = entries.map((e) => ({
    path: encodeManifestPath(decodeManifestPath(e.path)),
    hex: e.sha256.toLowerCase(),
  }));
  lines.sort((a, b) => compareUtf8(a.path, b.path));
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line.hex} ${line.path}\n`, 'utf8');
  return hash.digest('hex');
}

/**
 * The same digest from decoded file paths (PayloadFile.path, real names): encoded first, so a name
 * that literally contains "%0A" or "%25" is not mistaken for an escape.
 */
export function bundleDigestOfFiles(files: { path: string; sha256: string }[]): string {
  return bundleDigest(files.map((f) => ({ path: encodeManifestPath(f.path), sha256: f.sha256 })));
}
