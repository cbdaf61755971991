import { describe, expect, it } from 'vitest';
import { readAuthorship } from '../../../../src-main/core/governance/authorship';
import { signBundleAuthorship } from '../../../../src-main/core/governance/sign-authorship';
import { testSigner } from '../services/signing-fixtures';

const hex = (i: number) => i.toString(16).padStart(64, '0');

describe('signBundleAuthorship', () => {
  it('writes a tag file that reads back as valid at 20,000 files (a 3 MB envelope: its payload is one long string)', () => {
    const { signer, trusted } = testSigner('Dana');
    const files = Array.from({ length: 20_000 }, (_, i) => ({
      path: `data/part/file-${String(i).padStart(5, '0')}.csv`,
      sha256: hex(i),
    }));
    const signed = signBundleAuthorship(
      signer,
      { digest: hex(1e9), files, name: 'big' },
      new Date('2026-03-01T09:00:00Z'),
    );
    const bytes = Buffer.from(signed.text, 'utf8');
    expect(bytes.length).toBeGreaterThan(3_000_000);
    const facts = readAuthorship(bytes, { digest: hex(1e9), files }, [trusted]);
    expect(facts).toMatchObject({
      signature: 'valid',
      problems: [],
      bundleName: 'big',
      signedAt: '2026-03-01T09:00:00.000Z',
      claimed: { name: 'Dana', keyId: signer.keyId },
    });
  });
});
