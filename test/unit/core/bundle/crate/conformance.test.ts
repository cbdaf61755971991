import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleMetadataSchema } from '../../../../../src-main/common/schemas/bundle';
import { readBundleMetadata } from '../../../../../src-main/core/bundle/crate/read-metadata';
import { FIXTURES, crateInput, findCrates, payloadOfFolder, payloadOfZip } from './load-fixture';

/**
 * Every crate in test/fixtures/rocrate (copied from the public conformance data) loads, or is reported
 * precisely: the rule it breaks and the entity's @id.
 */
const ROOT = join(FIXTURES, 'rocrate');
const CRATES = findCrates(ROOT);

async function load(rel: string) {
  const file = join(ROOT, rel);
  // The bagit folder copy lacks the images; its zip holds them (see test/fixtures/rocrate/README.md).
  const payload = rel.startsWith('rocrate-validator/valid/bagit/')
    ? await payloadOfZip(join(ROOT, 'rocrate-validator/valid/bagit.zip'))
    : payloadOfFolder(dirname(file));
  return readBundleMetadata(crateInput(file, payload));
}

/** What each invalid case breaks: the problem code, its severity, the entity named, and words of the rule. */
const INVALID: Record<string, { code: string; severity: 'error' | 'warning'; entity: string; rule: RegExp }> = {
  '0_file_descriptor_format/invalid_json_format': {
    code: 'json-syntax',
    severity: 'error',
    entity: 'ro-crate-metadata.json',
    rule: /JSON-LD document/,
  },
  '1_file_descriptor_metadata/missing_entity': {
    code: 'crate-descriptor-missing',
    severity: 'error',
    entity: 'ro-crate-metadata.json',
    rule: /MUST contain a self-describing RO-Crate Metadata File Descriptor/,
  },
  '1_file_descriptor_metadata/missing_entity_about': {
    code: 'crate-descriptor-no-about',
    severity: 'error',
    entity: 'ro-crate-metadata.json',
    rule: /MUST have an about property/,
  },
  '2_root_data_entity_metadata/invalid_root_date': {
    code: 'crate-date-invalid',
    severity: 'error',
    entity: './',
    rule: /datePublished: MUST be a string in ISO 8601/,
  },
  '2_root_data_entity_metadata/missing_root_entity': {
    code: 'crate-root-missing',
    severity: 'error',
    entity: './',
    rule: /Root Data Entity/,
  },
  '2_root_data_entity_metadata/missing_root_license': {
    code: 'crate-root-no-license',
    severity: 'warning',
    entity: './',
    rule: /license/,
  },
  '3_process_run_crate/action_bad_endtime': {
    code: 'crate-date-invalid',
    severity: 'error',
    entity: '#SepiaConversion_1',
    rule: /ISO 8601/,
  },
  '3_process_run_crate/action_no_agent': {
    code: 'crate-action-no-agent',
    severity: 'warning',
    entity: '#SepiaConversion_1',
    rule: /agent SHOULD/,
  },
  '3_process_run_crate/action_no_instrument': {
    code: 'crate-action-no-instrument',
    severity: 'error',
    entity: '#SepiaConversion_1',
    rule: /instrument MUST/,
  },
  '3_process_run_crate/application_no_version': {
    code: 'crate-application-no-version',
    severity: 'warning',
    entity: 'https://www.imagemagick.org/',
    rule: /version SHOULD/,
  },
  '3_process_run_crate/conformsto_bad_profile': {
    code: 'crate-profile-unknown',
    severity: 'error',
    entity: './',
    rule: /versioned Permalink/,
  },
  '4_data_entity_metadata/missing_file_data_entity_with_unquoted_name': {
    code: 'crate-file-absent',
    severity: 'warning',
    entity: 'pics/2017-06-11 12.56.14.jpg',
    rule: /MUST be present/,
  },
  '4_workflow_run_crate/formalparam_no_additionaltype': {
    code: 'crate-formalparameter-no-type',
    severity: 'error',
    entity: '#verbose-param',
    rule: /additionalType MUST/,
  },
  '5_provenance_run_crate/controlaction_no_instrument': {
    code: 'crate-action-no-instrument',
    severity: 'error',
    entity: '#547745c6-afb0-4352-bc66-0d4377bb022a',
    rule: /ControlAction: instrument MUST/,
  },
};

describe('RO-Crate conformance data', () => {
  it('finds every crate (34 metadata files)', () => {
    expect(CRATES).toHaveLength(34);
    const invalid = CRATES.filter((c) => c.startsWith('rocrate-validator/invalid/')).map((c) =>
      c.split('/').slice(2, 4).join('/'),
    );
    expect(invalid.sort()).toEqual(Object.keys(INVALID).sort());
  });

  it.each(CRATES)('%s loads into a model that satisfies its schema', async (rel) => {
    const meta = await load(rel);
    expect(bundleMetadataSchema.safeParse(meta).success).toBe(true);
    for (const p of meta.problems) {
      expect(p.severity === 'error' || p.severity === 'warning').toBe(true);
      expect(typeof p.rule).toBe('string');
    }
  });

  const valid = CRATES.filter((c) => !c.startsWith('rocrate-validator/invalid/'));
  it.each(valid)('%s has no errors', async (rel) => {
    const meta = await load(rel);
    expect(meta.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each(Object.entries(INVALID))('invalid/%s is reported with the rule and the entity', async (group, want) => {
    const meta = await load(`rocrate-validator/invalid/${group}/ro-crate-metadata.json`);
    const hit = meta.problems.find((p) => p.code === want.code && p.entity === want.entity);
    expect(hit, JSON.stringify(meta.problems, null, 1)).toBeDefined();
    expect(hit?.severity).toBe(want.severity);
    expect(hit?.rule).toMatch(want.rule);
  });

  it("no valid crate of the validator suite shows any of the invalid cases' findings", async () => {
    const validatorValid = valid.filter((c) => c.startsWith('rocrate-validator/valid/'));
    for (const rel of validatorValid) {
      const meta = await load(rel);
      for (const want of Object.values(INVALID)) {
        expect(
          meta.problems.some((p) => p.code === want.code && p.entity === want.entity),
          `${rel}: ${want.code} ${want.entity}`,
        ).toBe(false);
      }
    }
  });

  it('reads the runs of the Process Run Crate example', async () => {
    const meta = await load('rocrate-validator/valid/process-run-crate/ro-crate-metadata.json');
    expect(meta.name).toBe('My Pictures');
    expect(meta.license).toBe('CC0-1.0');
    expect(meta.crateVersion).toBe('1.1');
    expect(meta.run).toMatchObject({
      id: '#SepiaConversion_1',
      agent: 'https://orcid.org/0000-0001-9842-9718',
      startTime: '2024-05-17T01:04:50+01:00',
    });
    expect(meta.pipeline).toEqual({
      name: 'ImageMagick',
      version: '6.9.7-4',
      modules: [],
      requirements: [{ name: 'foobar', version: '1.0.0' }],
    });
    expect(meta.people.map((p) => p.name)).toEqual(['Stian Soiland-Reyes', 'Peter Sefton']);
    expect(meta.datasets).toEqual([
      expect.objectContaining({
        id: 'pics/2017-06-11%2012.56.14.jpg',
        name: '2017-06-11 12.56.14.jpg (input)',
        license: 'CC0-1.0',
      }),
    ]);
  });

  it('matches ids written with %20, %2520 and raw spaces to the payload files of the bagit crate', async () => {
    const meta = await load('rocrate-validator/valid/bagit/data/ro-crate-metadata.json');
    const described = meta.files
      .filter((f) => f.name !== null)
      .map((f) => f.path)
      .sort();
    expect(described).toEqual([
      'pics/2017-06-11%2012.56.14.jpg',
      'pics/2018-06-11 12.56.14.jpg',
      'pics/2019-06-11 12.56.14.jpg',
      'pics/sepia_fence.jpg',
    ]);
    expect(meta.problems.filter((p) => p.code === 'crate-file-absent' || p.code === 'crate-directory-absent')).toEqual(
      [],
    );
  });

  it('reads the legacy RO-Crate 1.0 .jsonld descriptor with a version warning', async () => {
    const meta = await load('ro-crate-py/read_crate/ro-crate-metadata.jsonld');
    expect(meta.crateVersion).toBe('1.0');
    expect(meta.problems).toContainEqual(
      expect.objectContaining({ code: 'crate-version-unsupported', entity: 'ro-crate-metadata.jsonld' }),
    );
  });
});
