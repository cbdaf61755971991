import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { runCli, sampleBundle } from '../helpers/cli';
import { compareVariant, editedTestSet } from '../helpers/compare-variants';

let dir: string;
let variant: string;
// data/eval/test.csv of the sample
const sampleData = '8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768';

function readEntry(zip: string, suffix: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      file.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith(suffix)) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            file.close();
            resolve(Buffer.concat(chunks));
          });
        });
      });
      file.on('end', () => reject(new Error(`${suffix} not in ${zip}`)));
      file.readEntry();
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-cli-diff-'));
  variant = path.join(dir, 'variant.bundle.zip');
  const data = editedTestSet(await readEntry(sampleBundle, 'data/eval/test.csv'));
  await compareVariant(sampleBundle, variant, { parameterC: 0.5, dataFile: data, numpyVersion: '2.0.0' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--store', path.join(dir, 'store'), ...args]);

describe('provdesk diff', () => {
  it('reports the changed parameter, the loud data set and the package version in JSON, and exits 0', () => {
    const run = cli('diff', '--json', sampleBundle, variant);
    expect(run.code).toBe(0);
    const json = run.json();
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['bundles', 'parameters', 'metrics', 'data', 'environment', 'modules', 'licenses']),
    );
    expect((json.bundles as { a: string }).a).toMatch(/^[0-9a-f]{64}$/);
    expect(json.parameters).toEqual([{ name: 'C', a: 1, b: 0.5, change: 'changed' }]);
    expect(json.data).toEqual([
      {
        name: 'test.csv',
        a: sampleData,
        b: expect.not.stringMatching(sampleData),
        change: 'changed',
        loud: true,
        note: 'same pipeline and path, different digest',
      },
    ]);
    expect(json.environment).toEqual([{ name: 'packages.numpy', a: '1.24.2', b: '2.0.0', change: 'changed' }]);
    expect(json.modules).toEqual([]);
    expect(json.problems).toEqual([]);
  });

  it('--all lists unchanged entries too', () => {
    const json = cli('diff', '--json', '--all', sampleBundle, variant).json();
    expect((json.parameters as { name: string; change: string }[]).map((e) => `${e.name}:${e.change}`)).toEqual([
      'C:changed',
      'max_iter:same',
      'random_state:same',
      'test_size:same',
      'standardize:same',
    ]);
  });

  it('prints a table per section with markers, the loud data change marked !!', () => {
    const run = cli('diff', sampleBundle, variant);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^parameters \(1 different\)\n ~ C\s+1\s+→\s+0\.5$/m);
    expect(run.stdout).toMatch(
      /^!! test\.csv\s+8bc8cffec34a…\s+→\s+[0-9a-f]{12}…\s+\(same pipeline and path, different digest\)$/m,
    );
    expect(run.stdout).toMatch(/^ ~ packages\.numpy\s+1\.24\.2\s+→\s+2\.0\.0$/m);
  });

  it('compares stored bundles by digest prefix', () => {
    const a = cli('import', '--json', sampleBundle).json().bundleDigest as string;
    const imported = cli('import', '--json', variant).json();
    const b = imported.bundleDigest as string;
    // The import itself reports the drift it raised against the sample.
    expect(
      (imported.drift as { kind: string; subject: string; earlierDigest: string }[]).map((d) => [
        d.kind,
        d.subject,
        d.earlierDigest,
      ]),
    ).toEqual([
      ['data', 'test.csv', a],
      ['package', 'numpy', a],
    ]);
    expect(cli('import', variant).stdout).not.toMatch(/Drift/); // already present: nothing new
    const run = cli('diff', '--json', a.slice(0, 10), b);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ bundles: { a, b }, parameters: [{ name: 'C', a: 1, b: 0.5 }] });
  });

  it('import prints the drift it raised, with the diff to run', () => {
    const other = path.join(dir, 'store-2');
    runCli(['--store', other, 'import', sampleBundle]);
    const run = runCli(['--store', other, 'import', variant]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Drift \(2\): replay to revalidate; compare with: provdesk diff [0-9a-f]{12} <this bundle>\n {2}- data: data set "test\.csv" has digest/m,
    );
  });

  it('exits 2 for unreadable input', () => {
    const missing = cli('diff', '--json', sampleBundle, path.join(dir, 'nope.zip'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.zip: no such bundle file/);
    expect(cli('diff', sampleBundle).code).toBe(2);
  });
});
