import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  connectionFor,
  plainHttpFor,
  readRegistrySettings,
  saveRegistrySettings,
  setRegistryCaFile,
} from '../../../../src-main/core/registry/settings';

const companyCa = path.resolve(__dirname, '../../../fixtures/registry/company-ca.pem');

describe('Settings → Registries (<store>/registries.json)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registries-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('none at first; several kept; plain HTTP only for the registry it was ticked for', () => {
    expect(readRegistrySettings(dir)).toEqual({ registries: [] });
    const saved = saveRegistrySettings(dir, {
      registries: [
        { name: 'Team', repository: 'registry.example.org/team/runs', plainHttp: false },
        { name: 'Lab', repository: 'lab.internal:5000/ml', plainHttp: true },
      ],
    });
    expect(readRegistrySettings(dir)).toEqual(saved);
    expect(plainHttpFor(dir, 'lab.internal:5000/ml:tag')).toBe(true);
    expect(plainHttpFor(dir, 'registry.example.org/team/runs')).toBe(false);
    expect(plainHttpFor(dir, 'other.example/x')).toBe(false);
    expect(readFileSync(path.join(dir, 'registries.json'), 'utf8')).not.toMatch(/password|auth/i);
  });

  it('a repository that is not host/repository, one with a tag, or two of one name are refused, the file untouched', () => {
    const before = readFileSync(path.join(dir, 'registries.json'), 'utf8');
    expect(() =>
      saveRegistrySettings(dir, { registries: [{ name: 'x', repository: 'Not A Repository', plainHttp: false }] }),
    ).toThrow(/not a registry reference/);
    expect(() =>
      saveRegistrySettings(dir, { registries: [{ name: 'x', repository: 'r.example/a:tag', plainHttp: false }] }),
    ).toThrow(/repository only/);
    expect(() =>
      saveRegistrySettings(dir, {
        registries: [
          { name: 'A', repository: 'r.example/a', plainHttp: false },
          { name: 'a', repository: 'r.example/b', plainHttp: false },
        ],
      }),
    ).toThrow(/two registries are called/);
    expect(readFileSync(path.join(dir, 'registries.json'), 'utf8')).toBe(before);
  });

  it('a company CA is trusted per registry: checked when set, kept across saves, cleared on request', () => {
    const ca = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registries-ca-'));
    try {
      saveRegistrySettings(ca, {
        registries: [
          { name: 'Harbor', repository: 'harbor.corp.example/ml/runs', plainHttp: false },
          { name: 'Public', repository: 'ghcr.io/team/runs', plainHttp: false },
        ],
      });
      const set = setRegistryCaFile(ca, 'harbor', companyCa);
      expect(set.registries[0]).toMatchObject({ name: 'Harbor', caFile: companyCa });
      expect(connectionFor(ca, 'harbor.corp.example/ml/runs:abc')).toEqual({ plainHttp: false, caFile: companyCa });
      expect(connectionFor(ca, 'ghcr.io/team/runs')).toEqual({ plainHttp: false });
      // A save names no CA file and keeps each entry's by name.
      saveRegistrySettings(ca, {
        registries: [
          { name: 'Harbor', repository: 'harbor.corp.example/ml/runs', plainHttp: false },
          { name: 'Lab', repository: 'lab.internal:5000/ml', plainHttp: true },
        ],
      });
      expect(readRegistrySettings(ca).registries[0]).toMatchObject({ name: 'Harbor', caFile: companyCa });

      const before = readFileSync(path.join(ca, 'registries.json'), 'utf8');
      const notPem = path.join(ca, 'not-a-ca.pem');
      writeFileSync(notPem, 'no certificate here\n');
      const brokenPem = path.join(ca, 'broken.pem');
      writeFileSync(brokenPem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
      expect(() => setRegistryCaFile(ca, 'Lab', notPem)).toThrow(`the CA file ${notPem} holds no PEM certificate`);
      expect(() => setRegistryCaFile(ca, 'Lab', brokenPem)).toThrow(/does not parse \(certificate 1\)/);
      expect(() => setRegistryCaFile(ca, 'Lab', path.join(ca, 'missing.pem'))).toThrow(/cannot be read \(ENOENT\)/);
      expect(() => setRegistryCaFile(ca, 'Lab', 'relative/ca.pem')).toThrow(/must be an absolute path/);
      expect(() => setRegistryCaFile(ca, 'Nobody', companyCa)).toThrow(/no registry called "Nobody"/);
      expect(readFileSync(path.join(ca, 'registries.json'), 'utf8')).toBe(before);

      const cleared = setRegistryCaFile(ca, 'Harbor', null);
      expect(cleared.registries[0]).toEqual({
        name: 'Harbor',
        repository: 'harbor.corp.example/ml/runs',
        plainHttp: false,
      });
    } finally {
      rmSync(ca, { recursive: true, force: true });
    }
  });

  it('a damaged file reads as no registries (the screen says to add one) rather than failing', () => {
    writeFileSync(path.join(dir, 'registries.json'), '{"registries": [{"name": 1}');
    expect(readRegistrySettings(dir)).toEqual({ registries: [] });
  });
});
