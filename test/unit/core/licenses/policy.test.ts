import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  canonicalPolicyJson,
  defaultLicensePolicy,
  licensePolicySchema,
  parsePolicy,
  policyHash,
  type LicensePolicy,
} from '../../../../src-main/core/licenses/policy';
import { readPolicyFile } from '../../../../src-main/core/licenses/policy-file';

const assetPath = path.resolve(__dirname, '../../../../assets/policies/default-policy.json');
const base: LicensePolicy = { intendedUse: 'commercial', allow: ['MIT'], deny: [], review: [] };

describe('parsePolicy', () => {
  it('accepts a valid policy, including +, WITH and LicenseRef entries', () => {
    const json = {
      intendedUse: 'research',
      allow: ['MIT', 'EPL-1.0+', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-acme'],
      deny: ['SSPL-1.0'],
      review: [],
    };
    expect(parsePolicy(json)).toEqual({ policy: json, problems: [] });
  });

  it('names unknown ids, with a suggestion where one exists', () => {
    const { policy, problems } = parsePolicy({ ...base, allow: ['MIT', 'Apache 2', 'Frobnicate-9'] });
    expect(policy).toBeNull();
    expect(problems.map((p) => p.message)).toEqual([
      'allow[1]: unknown SPDX id "Apache 2" (did you mean "Apache-2.0"?)',
      'allow[2]: unknown SPDX id "Frobnicate-9"',
    ]);
    expect(problems.every((p) => p.code === 'policy-invalid')).toBe(true);
    expect(problems[0]!.field).toBe('allow[1]');
  });

  it('refuses wrong case, deprecated ids, expressions and an id in two lists', () => {
    const { problems } = parsePolicy({
      ...base,
      allow: ['mit', 'GPL-2.0', 'GPL-2.0+', 'MIT OR ISC'],
      deny: ['ISC'],
      review: ['ISC'],
    });
    expect(problems.map((p) => p.message)).toEqual([
      'allow[0]: unknown SPDX id "mit" (did you mean "MIT"?)',
      'allow[1]: "GPL-2.0" is a deprecated SPDX id; use "GPL-2.0-only"',
      'allow[2]: "GPL-2.0+" is a deprecated SPDX id; use "GPL-2.0-or-later"',
      'allow[3]: "MIT OR ISC" is an expression; list single SPDX ids (with + or WITH at most)',
      'review[0]: "ISC" is also in deny; a license belongs to one list',
    ]);
  });

  it('explains wrong types and unknown fields', () => {
    const { policy, problems } = parsePolicy({ intendedUse: 'profit', allow: 'MIT', deny: [3], alow: [] });
    expect(policy).toBeNull();
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('intendedUse: Invalid option: expected one of "commercial"|"research"');
    expect(messages).toContain('allow: Invalid input: expected array, received string');
    expect(messages).toContain('deny[0]: Invalid input: expected string, received number');
    expect(messages).toContain('review: Invalid input: expected array, received undefined');
    expect(messages).toContain('unknown field "alow" (a policy has intendedUse, allow, deny, review)');
  });

  it.each([null, [], 'policy', 42])('refuses %j as a policy', (value) => {
    const { policy, problems } = parsePolicy(value);
    expect(policy).toBeNull();
    expect(problems[0]!.message).toMatch(/expected object/);
  });
});

describe('policyHash', () => {
  it('is the sha256 of canonical JSON: key and list order do not matter, content does', () => {
    const a: LicensePolicy = { intendedUse: 'commercial', allow: ['MIT', 'ISC'], deny: ['SSPL-1.0'], review: [] };
    const b = { review: [], deny: ['SSPL-1.0'], allow: ['ISC', 'MIT'], intendedUse: 'commercial' } as LicensePolicy;
    expect(policyHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(policyHash(a)).toBe(policyHash(b));
    expect(canonicalPolicyJson(a)).toBe(
      '{"allow":["ISC","MIT"],"deny":["SSPL-1.0"],"intendedUse":"commercial","review":[]}',
    );
    expect(policyHash({ ...a, intendedUse: 'research' })).not.toBe(policyHash(a));
    expect(policyHash({ ...a, allow: ['MIT'] })).not.toBe(policyHash(a));
  });
});

describe('defaultLicensePolicy', () => {
  it('is valid under its own schema', () => {
    expect(licensePolicySchema.safeParse(defaultLicensePolicy).success).toBe(true);
    expect(defaultLicensePolicy.intendedUse).toBe('commercial');
  });

  it('lists permissive licenses as allowed; copyleft, share-alike and non-commercial ones for review; denies nothing outright', () => {
    expect(defaultLicensePolicy.allow).toEqual(
      expect.arrayContaining(['MIT', 'Apache-2.0', 'BSD-3-Clause', 'CC0-1.0', 'CC-BY-4.0']),
    );
    expect(defaultLicensePolicy.review).toEqual(
      expect.arrayContaining([
        'GPL-3.0-only',
        'LGPL-2.1-or-later',
        'AGPL-3.0-or-later',
        'MPL-2.0',
        'EPL-2.0',
        'CDDL-1.1',
        'EUPL-1.2',
        'OSL-3.0',
        'CC-BY-SA-4.0',
        'CC-BY-NC-4.0',
        'CC-BY-NC-SA-4.0',
      ]),
    );
    expect(defaultLicensePolicy.deny).toEqual([]);
    expect(defaultLicensePolicy.review).not.toContain('NCSA');
  });

  // Regenerate after changing the default: PROVDESK_WRITE_POLICY=1 npx vitest run
  // test/unit/core/licenses/policy.test.ts
  it('agrees with the sample file assets/policies/default-policy.json', () => {
    const expected = `${JSON.stringify(defaultLicensePolicy, null, 2)}\n`;
    if (process.env.PROVDESK_WRITE_POLICY === '1') writeFileSync(assetPath, expected);
    const shipped = readFileSync(assetPath, 'utf8');
    expect(shipped).toBe(expected);
    expect(parsePolicy(JSON.parse(shipped)).policy).toEqual(defaultLicensePolicy);
  });
});

describe('readPolicyFile', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the shipped sample', async () => {
    const { policy, problems } = await readPolicyFile(assetPath);
    expect(problems).toEqual([]);
    expect(policy).toEqual(defaultLicensePolicy);
  });

  it('names the file and the unknown id', async () => {
    const file = write('unknown-id.json', JSON.stringify({ ...base, deny: ['GPL-9.0'] }));
    const { policy, problems } = await readPolicyFile(file);
    expect(policy).toBeNull();
    expect(problems).toEqual([
      { code: 'policy-invalid', message: 'deny[0]: unknown SPDX id "GPL-9.0"', field: 'deny[0]', path: file },
    ]);
  });

  it('names a wrong type', async () => {
    const file = write('wrong-type.json', JSON.stringify({ ...base, review: 'GPL-3.0-only' }));
    const { problems } = await readPolicyFile(file);
    expect(problems.map((p) => p.message)).toEqual(['review: Invalid input: expected array, received string']);
  });

  it('refuses malformed JSON and duplicate keys with line and column', async () => {
    const broken = await readPolicyFile(write('broken.json', '{"intendedUse": "commercial",'));
    expect(broken.policy).toBeNull();
    expect(broken.problems[0]!.message).toMatch(/^policy file is not valid JSON: .*broken\.json: .*line 1/);
    const duplicate = await readPolicyFile(
      write('dup.json', '{"intendedUse":"research","intendedUse":"commercial","allow":[],"deny":[],"review":[]}'),
    );
    expect(duplicate.policy).toBeNull();
    expect(duplicate.problems[0]!.message).toMatch(/duplicate/i);
  });

  it('says when the file does not exist', async () => {
    const file = path.join(dir, 'nope.json');
    expect(await readPolicyFile(file)).toEqual({
      policy: null,
      problems: [{ code: 'policy-unreadable', message: 'cannot read policy file: no such file', path: file }],
    });
  });
});
