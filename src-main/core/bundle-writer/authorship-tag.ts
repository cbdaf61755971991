import { createHash } from 'node:crypto';
import { CodedError } from '../../common/result';
import { AUTHORSHIP_TAG_FILE } from '../bundle/authorship-file';
import { compareUtf8 } from '../integrity/bag-path';
import { parseBagDeclaration } from '../integrity/bagit-declaration';
import { DIGEST_HEX_LENGTH } from '../integrity/manifest-parse';
import { TAG_MANIFEST, linePath, rewriteManifestLines, splitKeepingEnds, type TagFiles } from './tag-manifest-lines';

/**
 * Puts the author's signature into a bag's tag files (BUNDLE-FORMAT section 1): `authorship.dsse.json` at the bag
 * root, listed in every tag manifest (any algorithm) in place of an earlier line for it. A bag without a tag
 * manifest gets tagmanifest-sha256.txt over bagit.txt, bag-info.txt, the manifests and the envelope. Every other
 * tag file, and every other tag manifest line, is kept byte for byte.
 */

const COVERED_WHEN_NEW = /^(bagit\.txt|bag-info\.txt|package-info\.txt|manifest-[^/]+\.txt)$/;

export type { TagFiles } from './tag-manifest-lines';

/** The tag files of the signed copy: the old envelope out, the new one in, the tag manifests rewritten. */
export function tagFilesWithAuthorship(tags: TagFiles, envelope: Buffer): TagFiles {
  const manifests = [...tags.keys()].filter((n) => TAG_MANIFEST.test(n)).sort(compareUtf8);
  checkRewritable(tags, manifests);
  const out: TagFiles = new Map();
  for (const [name, bytes] of tags) if (name !== AUTHORSHIP_TAG_FILE && !manifests.includes(name)) out.set(name, bytes);
  out.set(AUTHORSHIP_TAG_FILE, envelope);
  if (manifests.length === 0) {
    const covered = [...out.keys()]
      .filter((n) => n === AUTHORSHIP_TAG_FILE || COVERED_WHEN_NEW.test(n))
      .sort(compareUtf8);
    out.set(
      'tagmanifest-sha256.txt',
      Buffer.from(covered.map((n) => `${digestHex('sha256', out.get(n)!)} ${n}\n`).join(''), 'utf8'),
    );
  }
  for (const name of manifests) {
    const algorithm = TAG_MANIFEST.exec(name)![1]!;
    // Only the envelope's own line changes.
    out.set(
      name,
      rewriteManifestLines(
        tags.get(name)!,
        (p) => p === AUTHORSHIP_TAG_FILE,
        `${digestHex(algorithm, envelope)} ${AUTHORSHIP_TAG_FILE}`,
      ),
    );
  }
  return out;
}

function digestHex(algorithm: string, bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/**
 * What this rewrite cannot do without breaking the bag: tag files in UTF-16 (edited here as ASCII-compatible
 * bytes), an algorithm Node cannot compute, and a tag manifest that lists another one (its digest changes).
 */
function checkRewritable(tags: TagFiles, manifests: string[]): void {
  const declaration = tags.get('bagit.txt');
  const encoding = declaration ? parseBagDeclaration(declaration).encoding : 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'latin1') {
    throw new CodedError(
      'refused',
      `the bag's tag files are ${encoding ?? 'in an unknown encoding'}; signing writes UTF-8 or ISO-8859-1 tag files only`,
      { reason: 'tag-encoding' },
    );
  }
  for (const name of manifests) {
    const algorithm = TAG_MANIFEST.exec(name)![1]!;
    if (DIGEST_HEX_LENGTH[algorithm] === undefined)
      throw new CodedError('refused', `${name} uses ${algorithm}, which this tool cannot compute`, {
        reason: 'tag-algorithm',
        path: name,
      });
    for (const p of splitKeepingEnds(tags.get(name)!.toString('latin1'))) {
      const listed = linePath(p.body);
      if (listed && TAG_MANIFEST.test(listed)) {
        throw new CodedError(
          'refused',
          `${name} lists the tag manifest ${listed}, whose digest the signature changes`,
          { reason: 'tag-manifest-listed', path: name },
        );
      }
    }
  }
}
