import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManifestCache } from '../../../../src-main/core/registry/manifest-cache';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('the manifest cache is bounded against a hostile registry', () => {
  it('keeps a bundle-sized manifest across saves, never one over 16 KiB', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-manifest-cache-'));
    dirs.push(dir);
    const small = Buffer.from(JSON.stringify({ schemaVersion: 2, annotations: { a: 'x'.repeat(900) } }));
    const large = Buffer.alloc(16 * 1024 + 1, 0x20);
    const cache = ManifestCache.inStore(dir);
    cache.put(digestOf(small), small);
    cache.put(digestOf(large), large);
    cache.save();
    const again = ManifestCache.inStore(dir);
    expect(again.get(digestOf(small))).toEqual(small);
    expect(again.get(digestOf(large))).toBeNull();
    expect(again.size).toBe(1);
  });

  it('does not read a cache file larger than 5,000 full entries could make', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-manifest-cache-'));
    dirs.push(dir);
    const manifest = Buffer.from('{"schemaVersion":2}');
    const entries: Record<string, string> = { [digestOf(manifest)]: manifest.toString('base64') };
    const file = path.join(dir, 'registry', 'manifests.json');
    const padding = 'p'.repeat(120 * 1024 * 1024); // past the cap, in a key the reader would skip anyway
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...entries, [padding]: '' }));
    expect(ManifestCache.inStore(dir).size).toBe(0);
    writeFileSync(file, JSON.stringify(entries));
    expect(ManifestCache.inStore(dir).size).toBe(1);
  });
});
