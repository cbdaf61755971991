import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder 26 flips these in the packed binary (config key electronFuses, its FuseOptionsV1 names).
const required = {
  runAsNode: false, // ELECTRON_RUN_AS_NODE would run any script as the app
  enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS=--require … injects code
  enableNodeCliInspectArguments: false, // --inspect / SIGUSR1 attach a debugger
  enableEmbeddedAsarIntegrityValidation: true, // a modified app.asar does not start (macOS, Windows)
  onlyLoadAppFromAsar: true, // no loose app/ folder beside the checked archive
  enableCookieEncryption: true,
};

const config = parse(readFileSync(path.resolve(__dirname, '../../../electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

describe('electron-builder.yml (issue 13)', () => {
  it('sets every fuse that keeps other local processes from running as the app', () => {
    const fuses = config['electronFuses'] as Record<string, unknown> | undefined;
    expect(fuses, 'electronFuses').toBeTypeOf('object');
    for (const [fuse, value] of Object.entries(required)) expect(fuses?.[fuse], fuse).toBe(value);
  });

  it('uses only fuse names from electron-builder’s schema (caught here, not first at pack time)', () => {
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(config['electronFuses'] as object)) expect(known, fuse).toContain(fuse);
  });

  it('packs into an asar archive and keeps sql.js’s wasm inside it, under the integrity check', () => {
    expect(config['asar'] ?? true).toBe(true);
    const unpacked = [config['asarUnpack'] ?? []].flat().map(String);
    expect(unpacked.filter((p) => /sql\.js|\.wasm/.test(p))).toEqual([]);
  });
});
