import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { templatePath } from '../../../../src-main/core/pack/init-template';
import { readProvenanceYaml } from '../../../../src-main/core/pack/provenance-yaml';
import { SAMPLE_ENVIRONMENT, SAMPLE_PROVENANCE } from './run-folder';

const messages = (yaml: string) => readProvenanceYaml(yaml).problems.map((p) => p.message);

describe('provenance.yaml', () => {
  it('the shipped template and the sample folder file read with no problem', () => {
    const template = readProvenanceYaml(readFileSync(templatePath(), 'utf8'));
    expect(template.problems).toEqual([]);
    expect(template.provenance?.replay?.['task']).toBe('classification');
    const sample = readProvenanceYaml(SAMPLE_PROVENANCE + SAMPLE_ENVIRONMENT);
    expect(sample.problems).toEqual([]);
    expect(sample.provenance).toMatchObject({
      name: 'Iris species logistic regression',
      author: { email: 'dana.reyes@example.org' },
      parameters: { C: 1, standardize: false },
    });
  });

  it('YAML syntax errors come with line and column', () => {
    const [first] = readProvenanceYaml('name: x\nauthor:\n  name: [unclosed\n').problems;
    expect(first).toMatchObject({ code: 'provenance-yaml', path: 'provenance.yaml', line: expect.any(Number) });
    expect(first?.message).toMatch(/^provenance\.yaml:\d+:\d+: /);
    expect(messages('name: a\nname: b\n')[0]).toMatch(/^provenance\.yaml:2:1: .*unique/i);
  });

  it('schema errors point at the offending value', () => {
    const base = SAMPLE_PROVENANCE;
    const lineOf = (yaml: string, needle: string) => yaml.split('\n').findIndex((l) => l.includes(needle)) + 1;

    const badRole = base.replace('role: model }', 'role: weights }');
    expect(messages(badRole)).toEqual([
      `provenance.yaml:${lineOf(badRole, 'role: weights')}:37: files.2.role: role must be one of code, data, model, environment, result`,
    ]);

    const unknown = base.replace('access: internal\n', 'acess: internal\n');
    expect(messages(unknown)).toEqual([
      `provenance.yaml:${lineOf(unknown, 'acess')}:1: acess: unknown field (a typo?)`,
    ]);

    const numberVersion = base.replace('version: "2.0.1"', 'version: 2.1');
    expect(messages(numberVersion)[0]).toMatch(
      new RegExp(
        `^provenance\\.yaml:${lineOf(numberVersion, 'version: 2.1')}:\\d+: modules\\.1\\.version: version must be text \\(put numbers such as versions or commits in quotes`,
      ),
    );

    const badLicense = base.replace('license: MIT', 'license: apache 2');
    expect(messages(badLicense)[0]).toMatch(
      /^provenance\.yaml:7:10: license: "apache 2" is not a valid SPDX expression.*perhaps "Apache-2\.0"/,
    );

    const noName = base.replace(/^name: .*\n/, '');
    expect(messages(noName)).toEqual(['provenance.yaml:1:1: name: name is required']);

    const badEmail = base.replace('email: dana.reyes@example.org', 'email: dana');
    expect(messages(badEmail)).toEqual([
      `provenance.yaml:${lineOf(badEmail, 'email: dana')}:10: author.email: author.email must be an e-mail address`,
    ]);
  });

  it('replay problems are located inside the replay block', () => {
    const yaml = SAMPLE_PROVENANCE.replace('{ name: macro_f1, tolerance', '{ name: f1_score, tolerance');
    const [p] = readProvenanceYaml(yaml).problems;
    const line = yaml.split('\n').findIndex((l) => l.includes('f1_score')) + 1;
    expect(p?.message).toMatch(
      new RegExp(`^provenance\\.yaml:${line}:\\d+: replay\\.metrics\\.1\\.name: unknown metric "f1_score"`),
    );
    const missing = SAMPLE_PROVENANCE.replace('  task: classification\n', '');
    expect(messages(missing)[0]).toMatch(/^provenance\.yaml:\d+:\d+: replay\.task: /);
  });
});
