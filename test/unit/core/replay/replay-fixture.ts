import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { parseReplaySpec, type ReplaySpec } from '../../../../src-main/core/bundle/replay-spec';
import type { ReplayRequest } from '../../../../src-main/core/replay/run-replay';
import { bundleScript } from '../../../helpers/bundle-script';

/** Test helpers: replay requests built from a folder laid out as under data/, and the bundled worker. */

export const fixtures = path.resolve(__dirname, '../../../fixtures/replay');

export function workerFor(testName: string): Promise<string> {
  return bundleScript('src-main/core/replay/replay.worker.ts', `replay-worker-${testName}`);
}

export function filesUnder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile() || e.isSymbolicLink()) {
      const full = path.join(e.parentPath, e.name);
      files[path.relative(root, full).split(path.sep).join('/')] = full;
    }
  }
  return files;
}

export function specOf(value: unknown): ReplaySpec {
  const { spec, problems } = parseReplaySpec(value);
  if (!spec) throw new Error(JSON.stringify(problems));
  return spec;
}

export function fixtureRequest(name: string, specFile = 'replay.json'): ReplayRequest {
  const root = path.join(fixtures, name);
  return {
    files: filesUnder(root),
    spec: specOf(JSON.parse(readFileSync(path.join(root, specFile), 'utf8'))),
    reported: existsSync(path.join(root, 'reported.json'))
      ? (JSON.parse(readFileSync(path.join(root, 'reported.json'), 'utf8')) as Record<string, number>)
      : {},
    recordedEnvironment: null,
  };
}

/** Extracts a zip into `dir` with yauzl (test data only: the entries are our own sample's). */
export function unzip(zipFile: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = path.join(dir, entry.fileName);
        if (entry.fileName.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          zip.readEntry();
          return;
        }
        mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('cannot read entry'));
          stream
            .pipe(createWriteStream(target))
            .on('finish', () => zip.readEntry())
            .on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** The sample bundle's replay request: payload files, replay.json, reported metrics and environment from the crate. */
export function sampleRequest(dataDir: string): ReplayRequest {
  const crate = JSON.parse(readFileSync(path.join(dataDir, 'ro-crate-metadata.json'), 'utf8')) as {
    '@graph': { '@id': string; name?: string; value?: unknown }[];
  };
  const reported: Record<string, number> = {};
  for (const e of crate['@graph'])
    if (e['@id'].startsWith('#metric-') && typeof e.value === 'number' && e.name) reported[e.name] = e.value;
  return {
    files: filesUnder(dataDir),
    spec: specOf(JSON.parse(readFileSync(path.join(dataDir, 'replay.json'), 'utf8'))),
    reported,
    recordedEnvironment: JSON.parse(readFileSync(path.join(dataDir, 'env', 'environment.json'), 'utf8')),
  };
}
