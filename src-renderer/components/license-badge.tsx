import type { AccessClass } from '../../src-main/common/schemas/bundle';
import type { LicenseStatusName } from '../../src-main/common/schemas/licenses';

const STATUS: Record<LicenseStatusName, { text: string; icon: string; tone: string; hint: string }> = {
  allowed: { text: 'Allowed', icon: '✓', tone: 'ok', hint: 'The policy allows this license for the intended use.' },
  'needs-review': {
    text: 'Needs review',
    icon: '!',
    tone: 'warn',
    hint: 'A person must review this license before use.',
  },
  invalid: {
    text: 'Invalid',
    icon: '?',
    tone: 'warn',
    hint: 'Not a valid SPDX expression; see the suggested correction.',
  },
  denied: { text: 'Denied', icon: '✕', tone: 'bad', hint: 'The policy denies this license for the intended use.' },
};

/** A license status or verdict, always spelled out; the colour only repeats it. */
export function LicenseBadge({ status }: { status: LicenseStatusName }) {
  const s = STATUS[status];
  return (
    <span className={`badge badge-tone-${s.tone}`} title={s.hint}>
      <span className="badge-icon" aria-hidden="true">
        {s.icon}
      </span>
      {s.text}
    </span>
  );
}

const CLASS_TONE: Record<AccessClass, string> = {
  public: 'plain',
  internal: 'plain',
  restricted: 'warn',
  confidential: 'bad',
  unclassified: 'flag-text',
};

/** An access class; unclassified data is flagged, restricted and confidential data stand out. */
export function AccessBadge({ value }: { value: AccessClass }) {
  const guarded = value === 'restricted' || value === 'confidential';
  return (
    <span
      className={`access access-${CLASS_TONE[value]}`}
      title={
        guarded
          ? 'Needs a grant (or an audited override) to open, replay or export'
          : value === 'unclassified'
            ? 'No valid conditionsOfAccess: unclassified'
            : undefined
      }
    >
      {value === 'unclassified' && (
        <span aria-hidden="true" className="access-flag">
          ⚑
        </span>
      )}
      {value}
    </span>
  );
}
