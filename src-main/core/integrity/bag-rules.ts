/**
 * The clauses findings quote in their `rule`, so a report says which requirement it enforces.
 * Section numbers are RFC 8493 (BagIt 1.0); THREATS items are /work/shared/THREATS.md.
 */
export const RULES = {
  declaration:
    'RFC 8493 §2.1.1: bagit.txt MUST consist of exactly two lines, "BagIt-Version: M.N" and "Tag-File-Character-Encoding: ENCODING", encoded in UTF-8 without a byte-order mark',
  payloadDir: 'RFC 8493 §2.1.2: the base directory MUST contain a sub-directory named "data"',
  manifestRequired: 'RFC 8493 §2.1.3: every bag MUST contain at least one payload manifest file',
  manifestOnce: 'RFC 8493 §2.1.3: every payload manifest MUST list every payload file exactly once',
  manifestLine:
    'RFC 8493 §2.1.3: each manifest line MUST be "checksum filepath", separated by one or more spaces or tabs, the checksum hex-encoded',
  manifestScope: 'RFC 8493 §2.1.3: the payload manifest MUST NOT reference files outside the payload directory',
  tagManifestScope: 'RFC 8493 §2.2.1: a tag manifest MUST NOT list any payload files',
  bagInfo:
    'RFC 8493 §2.2.2: a metadata element MUST consist of a label, a colon ":", a single linear whitespace character and a value',
  oxum: 'RFC 8493 §2.2.2: Payload-Oxum MUST be "OctetCount.StreamCount", appear at most once and match the payload',
  fetch:
    'RFC 8493 §2.2.3: every file listed in the fetch file MUST be listed in every payload manifest and a fetch file MUST NOT list tag files; this tool never downloads, so every listed file must be present',
  textTag:
    'RFC 8493 §2.3: text tag files MUST be encoded as bagit.txt declares (no BOM when UTF-8) and lines end in LF, CR or CRLF',
  algorithms:
    'RFC 8493 §2.4: manifests are named with a normalized checksum algorithm name (md5, sha1, sha256, sha512, …)',
  weak: 'RFC 8493 §2.4: SHA-256 and SHA-512 MUST be supported; MD5 and SHA-1 are for backward compatibility only (BUNDLE-FORMAT: weakly protected, not approvable)',
  listedPresent: 'RFC 8493 §3: every file listed in every payload manifest MUST be present',
  tagListedPresent: 'RFC 8493 §3: every file listed in every tag manifest MUST be present',
  everyManifest: 'RFC 8493 §3: for BagIt 1.0, every payload file MUST be listed in every payload manifest',
  anyManifest: 'RFC 8493 §3: every payload file MUST be listed in a payload manifest',
  valid: 'RFC 8493 §3: every checksum in every payload manifest and tag manifest MUST verify against the file',
  specialChars:
    'RFC 8493 §5.1: files outside the bag directory structure MUST NOT be accessed ("/", "..", "~user", drive letters, backslashes)',
  normalization:
    'RFC 8493 interoperability (filename normalization): warn when names differ only in case or Unicode normalization form',
  md5sum:
    'RFC 8493 interoperability (legacy checksum tools): a tool accepting md5sum\'s "*" marker MUST warn that the bag fails strict validation',
  archiveName:
    'THREATS 1: entry names with "..", absolute paths, drive letters, UNC paths, backslashes or NUL are refused',
  archiveType: 'THREATS 2: only regular files and folders; symbolic links, hard links and devices are refused',
  archiveDuplicate:
    'THREATS 3: two entries whose names are equal, or equal after Unicode NFC or case folding, are refused',
  archiveLimits:
    'THREATS 4: an entry inflating past its declared size, totals, ratios or entry counts past the limits, and overlapping entries are refused',
  tagLimits:
    'THREATS 4: memory stays bounded: each tag file read as text has a size cap and together they have a total cap; other tag files are hashed as a stream',
  archiveIntegrity:
    'THREATS 5: truncated archives, bad CRCs, local/central header mismatches, encrypted entries and unknown compression are refused',
} as const;
