import type { TeamPin } from '../../src-main/common/schemas/governance';
import { Notice } from './notice';

/** The admins a first import pinned, each with the full key fingerprint, and what to do with them. */
export function PinnedAdmins({ pin }: { pin: TeamPin }) {
  return (
    <Notice tone="info" title={`Team pinned at version ${pin.version}: check its admins`}>
      <p>
        From now on only these admins can change the team. Compare each fingerprint with the admin over another channel
        (in person, a call, a chat you already trust) before relying on this team:
      </p>
      <ul className="pinned-admins" aria-label="Pinned admins" data-testid="pinned-admins">
        {pin.admins.map((a) => (
          <li key={a.keyId}>
            {a.name} &lt;{a.email}&gt;
            <br />
            <code className="digest-full">{a.fingerprint}</code>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
