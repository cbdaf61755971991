import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plainHttpFor, readRegistrySettings, saveRegistrySettings } from '../../../../src-main/core/registry/settings';

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

  it('a damaged file reads as no registries (the screen says to add one) rather than failing', () => {
    writeFileSync(path.join(dir, 'registries.json'), '{"registries": [{"name": 1}');
    expect(readRegistrySettings(dir)).toEqual({ registries: [] });
  });
});
