const LABELS = {
  verified: { text: 'Verified', hint: 'Every file matches its SHA-256 checksum.' },
  weak: { text: 'Weak', hint: 'Checksums match, but only MD5/SHA-1 manifests: verifiable, not approvable.' },
  invalid: { text: 'Invalid', hint: 'At least one check failed; see the problems.' },
  'refused-metadata': { text: 'Refused', hint: 'Metadata refused: the files match their checksums, but the metadata was refused (unusable, or a checksum that disagrees with the manifest): nothing it says can be relied on, and it can never be approved.' },
} as const;

export type BundleStatus = keyof typeof LABELS;

/** Status is always spelled out; the colour only repeats it. */
export function StatusBadge({ status }: { status: BundleStatus }) {
  const l = LABELS[status];
  return (
    <span className={`badge badge-${status}`} title={l.hint}>
      <span className="badge-icon" aria-hidden="true">
        {status === 'verified' ? '✓' : status === 'weak' ? '!' : '✕'}
      </span>
      {l.text}
    </span>
  );
}
