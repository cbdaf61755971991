import { describe, expect, it } from 'vitest';
import { checkLicense } from '../../../../src-main/core/licenses/expression';
import { defaultLicensePolicy, type LicensePolicy } from '../../../../src-main/core/licenses/policy';

const commercial = defaultLicensePolicy;
const research: LicensePolicy = { ...defaultLicensePolicy, intendedUse: 'research' };
const check = (expression: string | null, policy: LicensePolicy = commercial) => checkLicense(expression, policy);

describe('checkLicense: nothing declared', () => {
  it.each([null, '', '   '])('%j needs review as "no license declared", never guessed', (value) => {
    expect(check(value)).toEqual({
      expression: value,
      normalized: null,
      status: 'needs-review',
      reason: 'no license declared',
      suggestion: null,
      licenses: [],
    });
  });
});

describe('checkLicense: sloppy identifiers are invalid, with a suggested correction', () => {
  it.each([
    ['Apache 2', 'Apache-2.0'],
    ['apache-2.0', 'Apache-2.0'], // Hugging Face's lower case
    ['mit', 'MIT'],
    ['cc-by-nc-4.0', 'CC-BY-NC-4.0'],
    ['bsd-3-clause', 'BSD-3-Clause'],
    ['GPLv3', 'GPL-3.0-only'],
    ['gpl-3.0', 'GPL-3.0-only'], // case slip on a deprecated id: upgraded to what it always meant
    ['MIT License', 'MIT'],
    ['The MIT License', 'MIT'],
    ['Apache License, Version 2.0', 'Apache-2.0'],
    ['CC BY-NC-SA 4.0', 'CC-BY-NC-SA-4.0'],
    ['BSD', 'BSD-2-Clause'],
    ['MPL 2.0', 'MPL-2.0'],
    ['apache-2.0 or mit', 'Apache-2.0 OR MIT'],
    ['Apache 2 AND (mit OR bsd-3-clause)', 'Apache-2.0 AND (MIT OR BSD-3-Clause)'],
    ['https://creativecommons.org/licenses/by-nc/4.0/', 'CC-BY-NC-4.0'],
    ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0-1.0'],
    ['https://spdx.org/licenses/MIT.html', 'MIT'],
  ])('%j → suggests %j', (written, suggestion) => {
    const result = check(written);
    expect(result.status).toBe('invalid');
    expect(result.suggestion).toBe(suggestion);
    expect(result.normalized).toBeNull();
    expect(result.licenses).toEqual([]);
    expect(result.reason).toContain(written);
  });

  it('says a case slip is a case slip', () => {
    expect(check('apache-2.0').reason).toContain('SPDX ids are case-sensitive (Apache-2.0)');
  });

  it.each([
    'Foo-1.0',
    'GPL-9.0',
    'MIT AND',
    'MIT AND (Apache-2.0',
    'totally made up words',
    'MIT, BSD',
    'Apache-2.0/MIT',
    'GPL-2.0 | MIT',
  ])('%j is invalid with no suggestion', (written) => {
    const result = check(written);
    expect(result.status).toBe('invalid');
    expect(result.suggestion).toBeNull();
  });

  it('does not let spdx-correct drop a dangling operator', () => {
    const result = check('MIT AND');
    expect(result.suggestion).toBeNull();
    expect(result.reason).toContain('incomplete or malformed expression');
  });

  it('refuses absurdly long input without parsing it', () => {
    const result = check(Array.from({ length: 600 }, () => 'MIT').join(' OR '));
    expect(result.status).toBe('invalid');
    expect(result.reason).toContain('longer than 2000 characters');
  });
});

describe('checkLicense: placeholders need review', () => {
  it.each([
    ['other', null],
    ['Other', null],
    ['unknown', null],
    ['proprietary', null],
    ['NOASSERTION', null],
    ['NONE', null],
    ['other: llama2', 'LicenseRef-llama2'],
    ['other (Llama 3 Community License)', 'LicenseRef-Llama-3-Community-License'],
  ])('%j → needs-review (suggestion %j)', (written, suggestion) => {
    const result = check(written);
    expect(result.status).toBe('needs-review');
    expect(result.suggestion).toBe(suggestion);
  });
});

describe('checkLicense: custom and deprecated ids', () => {
  it('accepts LicenseRef-… as custom, needing review', () => {
    const result = check('LicenseRef-acme-eula');
    expect(result).toMatchObject({
      status: 'needs-review',
      normalized: 'LicenseRef-acme-eula',
      licenses: ['LicenseRef-acme-eula'],
      suggestion: null,
    });
    expect(result.reason).toContain('custom license');
    expect(check('DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2').status).toBe('needs-review');
  });

  it('lets a policy decide on a custom license it names', () => {
    const policy: LicensePolicy = {
      intendedUse: 'commercial',
      allow: ['LicenseRef-acme-eula'],
      deny: ['LicenseRef-evil'],
      review: [],
    };
    expect(check('LicenseRef-acme-eula', policy).status).toBe('allowed');
    expect(check('LicenseRef-evil', policy).status).toBe('denied');
  });

  it.each([
    ['GPL-2.0', 'GPL-2.0-only'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['LGPL-2.1', 'LGPL-2.1-only'],
    ['GPL-3.0', 'GPL-3.0-only'],
    ['GPL-2.0-with-classpath-exception', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['StandardML-NJ', 'SMLNJ'],
    ['MIT OR GPL-2.0', 'MIT OR GPL-2.0-only'],
  ])('deprecated %j parses, is evaluated as its successor, and suggests %j', (written, suggestion) => {
    const result = check(written);
    expect(result.status).not.toBe('invalid');
    expect(result.normalized).toBe(written);
    expect(result.suggestion).toBe(suggestion);
    expect(result.reason).toContain('deprecated SPDX id');
  });

  it('notes each deprecated id once', () => {
    expect(check('GPL-2.0 AND (GPL-2.0 OR MIT)').reason.match(/deprecated/g)).toHaveLength(1);
  });

  it('evaluates a deprecated id like its successor', () => {
    expect(check('GPL-2.0').status).toBe(check('GPL-2.0-only').status);
    expect(check('GPL-2.0').status).toBe('needs-review');
    expect(check('StandardML-NJ').reason).toContain('SMLNJ');
  });

  it('suggests upper-case operators for lower-case ones, keeping the verdict', () => {
    expect(check('MIT or Apache-2.0')).toMatchObject({
      status: 'allowed',
      normalized: 'MIT OR Apache-2.0',
      suggestion: 'MIT OR Apache-2.0',
    });
    expect(check('MIT OR Apache-2.0').suggestion).toBeNull();
  });
});

describe('checkLicense: OR, AND, WITH', () => {
  it('OR passes when any branch passes, and says which was chosen', () => {
    const result = check('GPL-3.0-only OR MIT');
    expect(result.status).toBe('allowed');
    expect(result.reason).toMatch(/^MIT is allowed by the policy \(chosen over: GPL-3\.0-only/);
    expect(result.licenses).toEqual(['GPL-3.0-only', 'MIT']);
    expect(check('CC-BY-NC-4.0 OR Apache-2.0').status).toBe('allowed');
    expect(check('CC-BY-NC-4.0 OR GPL-3.0-only').status).toBe('needs-review');
  });

  it('AND passes only when every term does: the worst decides', () => {
    expect(check('MIT AND Apache-2.0').status).toBe('allowed');
    expect(check('MIT AND GPL-3.0-only').status).toBe('needs-review');
    const denied = check('MIT AND CC-BY-NC-4.0');
    expect(denied.status).toBe('denied');
    expect(denied.reason).toContain('CC-BY-NC-4.0');
    expect(denied.reason).not.toContain('MIT');
  });

  it('nests: (A AND B) OR C', () => {
    const result = check('(MIT AND CC-BY-NC-4.0) OR GPL-3.0-only');
    expect(result.normalized).toBe('(MIT AND CC-BY-NC-4.0) OR GPL-3.0-only');
    expect(result.status).toBe('needs-review');
    expect(check('(MIT AND CC-BY-NC-4.0) OR (Apache-2.0 AND ISC)').status).toBe('allowed');
  });

  it('WITH: the exception rides on its license unless the policy names the pair', () => {
    expect(check('Apache-2.0 WITH LLVM-exception')).toMatchObject({ status: 'allowed', licenses: ['Apache-2.0'] });
    expect(check('GPL-2.0-only WITH Classpath-exception-2.0').status).toBe('needs-review');
    const policy: LicensePolicy = {
      ...commercial,
      review: commercial.review,
      allow: [...commercial.allow, 'GPL-2.0-only WITH Classpath-exception-2.0'],
    };
    expect(check('GPL-2.0-only WITH Classpath-exception-2.0', policy).status).toBe('allowed');
    expect(check('GPL-2.0-only', policy).status).toBe('needs-review');
    expect(check('GPL-2.0-only WITH Unknown-exception').status).toBe('invalid');
  });
});

describe('checkLicense: policy rules', () => {
  const policy: LicensePolicy = {
    intendedUse: 'commercial',
    allow: ['MIT', 'GPL-2.0-or-later', 'CC-BY-NC-4.0'],
    deny: ['AGPL-3.0-only', 'GPL-3.0-only'],
    review: ['MPL-2.0'],
  };

  it('deny list → denied', () => {
    expect(check('AGPL-3.0-only', policy)).toMatchObject({
      status: 'denied',
      reason: 'AGPL-3.0-only (copyleft) is denied by the policy',
    });
  });
  it('review list → needs-review', () => {
    expect(check('MPL-2.0', policy).status).toBe('needs-review');
  });
  it('allow list → allowed', () => {
    expect(check('MIT', policy)).toMatchObject({ status: 'allowed', reason: 'MIT is allowed by the policy' });
  });
  it('not covered → needs-review, never allowed', () => {
    expect(check('ISC', policy)).toMatchObject({
      status: 'needs-review',
      reason: 'ISC is not covered by the policy; needs review',
    });
    expect(check('Beerware').status).toBe('needs-review'); // valid SPDX, unlisted in the default
  });
  it('non-commercial under commercial use is denied even when allowed by a list', () => {
    expect(check('CC-BY-NC-4.0', policy).status).toBe('denied');
    expect(check('CC-BY-NC-4.0', { ...policy, intendedUse: 'research' }).status).toBe('allowed');
  });
  it('version ranges: an or-later license may be taken at an allowed version; an exact id meets its list', () => {
    expect(check('GPL-2.0+', policy).status).toBe('allowed');
    expect(check('GPL-3.0-or-later', policy).status).toBe('allowed'); // GPL-2.0-or-later in allow covers it
    expect(check('GPL-3.0-only', policy).status).toBe('denied'); // inside the allowed range, but denied by name
    expect(check('GPL-2.0-only', policy).status).toBe('allowed');
  });
  it('a range the SPDX library cannot compare leads to review, never to allowed', () => {
    // spdx-satisfies throws comparing the GFDL invariants ids with a GFDL range
    const gfdl: LicensePolicy = { intendedUse: 'research', allow: ['MIT'], deny: ['GFDL-1.1-or-later'], review: [] };
    const result = check('GFDL-1.2-invariants-only', gfdl);
    expect(result.status).toBe('needs-review');
    expect(result.reason).toContain("could not be compared with the policy's GFDL-1.1-or-later");
    expect(check('GFDL-1.2-invariants-only OR MIT', gfdl).status).toBe('allowed');
  });
  it('an entry naming the license exactly beats a range covering it', () => {
    const ranged: LicensePolicy = {
      intendedUse: 'commercial',
      allow: ['GPL-3.0-only'],
      deny: [],
      review: ['GPL-2.0-or-later'],
    };
    expect(check('GPL-3.0-only', ranged).status).toBe('allowed');
    expect(check('GPL-2.0-only', ranged).status).toBe('needs-review');
    expect(check('GPL-3.0-or-later', ranged).status).toBe('allowed'); // a range may take its best covered version
  });
});

describe('default policy: research vs commercial', () => {
  it.each(['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', 'CC0-1.0', 'CC-BY-4.0', 'Unlicense', 'Zlib', 'PSF-2.0'])(
    'permissive %s is allowed',
    (id) => {
      expect(check(id).status).toBe('allowed');
      expect(check(id, research).status).toBe('allowed');
    },
  );

  it.each([
    'GPL-3.0-only',
    'LGPL-2.1-or-later',
    'AGPL-3.0-only',
    'MPL-2.0',
    'EPL-2.0',
    'CDDL-1.0',
    'EUPL-1.2',
    'OSL-3.0',
    'CC-BY-SA-4.0',
    'ODbL-1.0',
  ])('copyleft / share-alike %s needs review', (id) => {
    expect(check(id).status).toBe('needs-review');
    expect(check(id, research).status).toBe('needs-review');
  });

  it.each([
    'CC-BY-NC-4.0',
    'CC-BY-NC-SA-4.0',
    'CC-BY-NC-ND-3.0',
    'CC-BY-NC-SA-2.0-FR',
    'NCGL-UK-2.0',
    'PolyForm-Noncommercial-1.0.0',
  ])('non-commercial %s: denied for commercial use, review for research', (id) => {
    const denied = check(id);
    expect(denied.status).toBe('denied');
    expect(denied.reason).toContain('intended use is commercial');
    expect(check(id, research).status).toBe('needs-review');
  });

  it('NCSA (University of Illinois) is not mistaken for non-commercial', () => {
    expect(check('NCSA').status).toBe('allowed');
  });
});
