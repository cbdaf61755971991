/**
 * Where a bundle carries its author's signature (BUNDLE-FORMAT section 1): the tag file `authorship.dsse.json`,
 * outside the payload, so it signs the payload without changing the bundle digest. The container code reads and
 * writes it by this name; what it says is governance's (core/governance/authorship.ts).
 */
export const AUTHORSHIP_TAG_FILE = 'authorship.dsse.json';
export const AUTHORSHIP_MAX_BYTES = 32 * 1024 * 1024; // 20,000 files make about 4 MB
