import { describe, expect, it } from 'vitest';
import type { BundleFile, BundleMetadata, Dataset, FileRole, Module } from '../../../../src-main/common/schemas/bundle';
import {
  bundleArtifacts,
  evaluateBundleLicenses,
  unavoidable,
} from '../../../../src-main/core/licenses/evaluate-bundle';
import { defaultLicensePolicy, policyHash, type LicensePolicy } from '../../../../src-main/core/licenses/policy';
import parse from 'spdx-expression-parse';
import { metadata } from '../governance/governance-helpers';

const research: LicensePolicy = { ...defaultLicensePolicy, intendedUse: 'research' };

function file(path: string, role: FileRole, license: string | null, root: string | null = null): BundleFile {
  return {
    path,
    role,
    license: license ?? root,
    licenseInherited: license === null && root !== null,
    sha256: null,
    size: 1,
    access: 'public',
    accessRaw: 'public',
    encodingFormat: null,
    name: null,
  };
}

function mod(id: string, license: string | null): Module {
  return { id, name: id, version: '1.0', codeRepository: null, identifier: null, license, files: [] };
}

function dataset(id: string, license: string | null): Dataset {
  return { id, name: id, version: null, url: null, license, access: 'public', sha256: null };
}

const bundle = (parts: Parameters<typeof metadata>[0]): BundleMetadata => metadata({ name: 'test', ...parts });

const byPath = (report: ReturnType<typeof evaluateBundleLicenses>, path: string) =>
  report.artifacts.find((a) => a.path === path)!;

describe('evaluateBundleLicenses: per artifact', () => {
  it('allows a bundle whose every artifact is permissive, and reports the policy hash', () => {
    const meta = bundle({
      license: 'Apache-2.0',
      files: [
        file('model.onnx', 'model', null, 'Apache-2.0'),
        file('train.py', 'code', 'MIT'),
        file('eval/test.csv', 'data', 'CC-BY-4.0'),
      ],
    });
    const report = evaluateBundleLicenses(meta, defaultLicensePolicy);
    expect(report.verdict).toBe('allowed');
    expect(report.policyHash).toBe(policyHash(defaultLicensePolicy));
    expect(report.findings).toEqual([]);
    expect(byPath(report, 'model.onnx')).toMatchObject({
      expression: 'Apache-2.0',
      inherited: true,
      status: 'allowed',
      role: 'model',
      flags: [],
    });
    expect(byPath(report, 'train.py')).toMatchObject({ inherited: false, status: 'allowed' });
  });

  it('covers modules and data sets, inheriting the root license, and lists a data set that is a file only once', () => {
    const meta = bundle({
      license: 'MIT',
      files: [file('data/train.csv', 'data', 'CC0-1.0')],
      modules: [mod('#prep', 'BSD-3-Clause'), mod('#train', null)],
      datasets: [dataset('data/train.csv', 'CC0-1.0'), dataset('https://example.org/iris', null)],
    });
    expect(bundleArtifacts(meta)).toEqual([
      { path: 'data/train.csv', role: 'data', expression: 'CC0-1.0', inherited: false },
      { path: '#prep', role: 'code', expression: 'BSD-3-Clause', inherited: false },
      { path: '#train', role: 'code', expression: 'MIT', inherited: true },
      { path: 'https://example.org/iris', role: 'data', expression: 'MIT', inherited: true },
    ]);
    expect(evaluateBundleLicenses(meta, defaultLicensePolicy).verdict).toBe('allowed');
  });

  it('counts invalid as needs-review, names the suggestion, and reports an inherited root license once', () => {
    const files = ['a.csv', 'b.csv', 'c.csv'].map((p) => file(p, 'data', null, 'apache-2.0'));
    const report = evaluateBundleLicenses(bundle({ license: 'apache-2.0', files }), defaultLicensePolicy);
    expect(report.verdict).toBe('needs-review');
    expect(report.artifacts.every((a) => a.status === 'invalid' && a.suggestion === 'Apache-2.0')).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'license-invalid', entity: './', suggestion: 'Apache-2.0' }),
    ]);
    expect(report.findings[0]!.message).toContain('inherited by 3 artifacts');
  });

  it('never allows a bundle without licenses: missing ones are listed in one finding', () => {
    const report = evaluateBundleLicenses(
      bundle({ files: [file('model.onnx', 'model', null), file('train.py', 'code', 'MIT')] }),
      defaultLicensePolicy,
    );
    expect(report.verdict).toBe('needs-review');
    expect(byPath(report, 'model.onnx')).toMatchObject({
      status: 'needs-review',
      reason: 'no license declared',
      inherited: false,
    });
    expect(report.findings).toEqual([expect.objectContaining({ code: 'license-missing', paths: ['model.onnx'] })]);
  });

  it('an empty bundle needs review', () => {
    const report = evaluateBundleLicenses(bundle({}), defaultLicensePolicy);
    expect(report.verdict).toBe('needs-review');
    expect(report.findings.map((f) => f.code)).toEqual(['license-no-artifacts']);
  });

  it('the verdict is the worst artifact: one denied file denies the bundle', () => {
    const report = evaluateBundleLicenses(
      bundle({ files: [file('a.py', 'code', 'MIT'), file('b.py', 'code', 'SSPL-1.0')] }),
      {
        ...defaultLicensePolicy,
        deny: ['SSPL-1.0'],
        review: defaultLicensePolicy.review.filter((id) => id !== 'SSPL-1.0'),
      },
    );
    expect(report.verdict).toBe('denied');
    expect(report.findings).toContainEqual(expect.objectContaining({ code: 'license-denied', path: 'b.py' }));
  });
});

describe('evaluateBundleLicenses: combination rules', () => {
  const ncBundle = () =>
    bundle({
      license: 'MIT',
      files: [
        file('model.onnx', 'model', 'Apache-2.0'),
        file('data/train.csv', 'data', 'CC-BY-NC-4.0'),
        file('data/eval.csv', 'data', 'CC0-1.0'),
      ],
    });

  it('non-commercial training data restricts the model: denied for commercial use', () => {
    const report = evaluateBundleLicenses(ncBundle(), defaultLicensePolicy);
    expect(report.verdict).toBe('denied');
    const model = byPath(report, 'model.onnx');
    expect(model.status).toBe('denied');
    expect(model.flags).toEqual(['restricted-by-data']);
    expect(model.reason).toContain('restricted by data data/train.csv (CC-BY-NC-4.0');
    expect(byPath(report, 'data/train.csv').flags).toEqual(['non-commercial']);
    expect(byPath(report, 'data/eval.csv').flags).toEqual([]);
    expect(report.findings).toContainEqual({
      code: 'restricted-by-data',
      message:
        'model model.onnx is restricted by its data: data/train.csv is CC-BY-NC-4.0 (non-commercial, and the intended use is commercial)',
      path: 'model.onnx',
      data: 'data/train.csv',
      license: 'CC-BY-NC-4.0',
      restriction: 'non-commercial',
    });
  });

  it('the same data under research use: the model is flagged and needs review, not denied', () => {
    const report = evaluateBundleLicenses(ncBundle(), research);
    expect(report.verdict).toBe('needs-review');
    expect(byPath(report, 'model.onnx')).toMatchObject({ status: 'needs-review', flags: ['restricted-by-data'] });
    expect(report.findings.find((f) => f.code === 'restricted-by-data')?.message).toContain('(non-commercial)');
  });

  it('share-alike data restricts the model too, even when the policy allows the data license', () => {
    const policy: LicensePolicy = {
      intendedUse: 'commercial',
      allow: ['Apache-2.0', 'CC-BY-SA-4.0'],
      deny: [],
      review: [],
    };
    const meta = bundle({
      files: [file('model.onnx', 'model', 'Apache-2.0'), file('data/wiki.jsonl', 'data', 'CC-BY-SA-4.0')],
    });
    const report = evaluateBundleLicenses(meta, policy);
    expect(byPath(report, 'data/wiki.jsonl')).toMatchObject({ status: 'allowed', flags: ['share-alike'] });
    expect(byPath(report, 'model.onnx')).toMatchObject({ status: 'needs-review', flags: ['restricted-by-data'] });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: 'restricted-by-data', data: 'data/wiki.jsonl', restriction: 'share-alike' }),
    );
    expect(report.verdict).toBe('needs-review');
  });

  it('counts data sets from the run, not only data files', () => {
    const meta = bundle({
      license: 'Apache-2.0',
      files: [file('model.onnx', 'model', null, 'Apache-2.0')],
      datasets: [dataset('https://example.org/faces', 'CC-BY-NC-SA-4.0')],
    });
    const report = evaluateBundleLicenses(meta, defaultLicensePolicy);
    const findings = report.findings.filter((f) => f.code === 'restricted-by-data');
    expect(findings.map((f) => f.restriction)).toEqual(['non-commercial', 'share-alike']);
    expect(byPath(report, 'https://example.org/faces').flags).toEqual(['non-commercial', 'share-alike']);
  });

  it('data dual-licensed with a way out (CC-BY-NC-4.0 OR CC-BY-4.0) does not restrict the model', () => {
    const meta = bundle({
      files: [file('model.onnx', 'model', 'MIT'), file('data/x.csv', 'data', 'CC-BY-NC-4.0 OR CC-BY-4.0')],
    });
    const report = evaluateBundleLicenses(meta, defaultLicensePolicy);
    expect(report.verdict).toBe('allowed');
    expect(byPath(report, 'model.onnx').flags).toEqual([]);
  });

  it('copyleft code in the pipeline is flagged for distribution, in files and modules', () => {
    const policy: LicensePolicy = {
      ...defaultLicensePolicy,
      allow: [...defaultLicensePolicy.allow, 'GPL-3.0-only'],
      review: defaultLicensePolicy.review.filter((id) => id !== 'GPL-3.0-only'),
    };
    const meta = bundle({
      files: [file('src/train.py', 'code', 'GPL-3.0-only'), file('src/util.py', 'code', 'MIT OR GPL-3.0-only')],
      modules: [mod('#features', 'LGPL-2.1-or-later')],
    });
    const report = evaluateBundleLicenses(meta, policy);
    expect(byPath(report, 'src/train.py')).toMatchObject({ status: 'allowed', flags: ['copyleft-distribution'] });
    expect(byPath(report, 'src/util.py').flags).toEqual([]);
    expect(byPath(report, '#features')).toMatchObject({ status: 'needs-review', flags: ['copyleft-distribution'] });
    const copyleft = report.findings.filter((f) => f.code === 'copyleft-distribution');
    expect(copyleft.map((f) => [f.path, f.license])).toEqual([
      ['src/train.py', 'GPL-3.0-only'],
      ['#features', 'LGPL-2.1-or-later'],
    ]);
    expect(copyleft[0]!.message).toContain('copyleft obligations');
  });
});

describe('unavoidable', () => {
  const nc = (id: string) => id.startsWith('CC-BY-NC');
  it('finds licenses that every OR branch carries', () => {
    expect(unavoidable(parse('CC-BY-NC-4.0 AND MIT'), nc)).toEqual(['CC-BY-NC-4.0']);
    expect(unavoidable(parse('CC-BY-NC-4.0 OR MIT'), nc)).toEqual([]);
    expect(unavoidable(parse('(CC-BY-NC-4.0 AND MIT) OR CC-BY-NC-SA-4.0'), nc)).toEqual([
      'CC-BY-NC-4.0',
      'CC-BY-NC-SA-4.0',
    ]);
  });
});
