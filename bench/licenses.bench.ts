// License evaluation of whole bundles: evaluateBundleLicenses against two baselines measured in the
// same run: spdx-expression-parse alone over every artifact's expression (the parse floor), and the
// naive approach of one spdx-satisfies call per artifact against the allow list (a yes/no answer only).
import { cpus } from 'node:os';
import parse from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';
import type { BundleFile, BundleMetadata } from '../src-main/common/schemas/bundle';
import { evaluateBundleLicenses } from '../src-main/core/licenses/evaluate-bundle';
import { defaultLicensePolicy } from '../src-main/core/licenses/policy';
import { allCurrentIds } from '../src-main/core/licenses/spdx-lists';

function file(i: number, license: string | null, root: string): BundleFile {
  const role = i % 10 === 0 ? 'model' : i % 3 === 0 ? 'data' : 'code';
  return {
    path: `f/${i}`,
    sha256: null,
    size: 1,
    role,
    license: license ?? root,
    licenseInherited: license === null,
    access: 'public',
    accessRaw: null,
    encodingFormat: null,
    name: null,
  };
}

function meta(files: BundleFile[], root: string): BundleMetadata {
  return {
    name: 'bench',
    description: null,
    datePublished: null,
    license: root,
    conformsTo: [],
    crateVersion: '1.1',
    author: null,
    people: [],
    run: null,
    files,
    modules: [],
    pipeline: null,
    datasets: [],
    environment: null,
    replay: null,
    completeness: { level: 'green', score: 1, checks: [] },
    problems: [],
  };
}

const ids = allCurrentIds.filter((id) => !id.startsWith('LicenseRef'));
const scenarios = [
  // The usual bundle: most files inherit the root license, a few carry their own.
  {
    name: 'inherited root (20,000 files, 4 distinct)',
    files: Array.from({ length: 20_000 }, (_, i) =>
      file(i, i % 100 === 0 ? ['MIT', 'CC-BY-NC-4.0', 'GPL-3.0-only'][i % 3]! : null, 'Apache-2.0'),
    ),
  },
  // Worst case for the memo: every file a different compound expression, with ranges and deprecated ids.
  {
    name: 'all distinct (2,000 files)',
    files: Array.from({ length: 2_000 }, (_, i) =>
      file(
        i,
        `${ids[i % ids.length]} OR (${ids[(i * 7 + 3) % ids.length]} AND ${['GPL-2.0+', 'LGPL-2.1', 'MIT', 'CC-BY-SA-4.0'][i % 4]})`,
        'MIT',
      ),
    ),
  },
];

function time(fn: () => void, reps: number): number {
  fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}`);
console.log(
  '| bundle | parse only (baseline) | satisfies per artifact (baseline) | evaluateBundleLicenses | ratio to parse | ratio to satisfies |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const s of scenarios) {
  const m = meta(s.files, 'Apache-2.0');
  const expressions = s.files.map((f) => f.license ?? '');
  const reps = 3;
  const parseOnly = time(() => {
    for (const e of expressions) parse(e);
  }, reps);
  const naive = time(() => {
    for (const e of expressions) {
      try {
        satisfies(e, defaultLicensePolicy.allow);
      } catch {
        // it throws on the GFDL invariants ids; the time still counts
      }
    }
  }, reps);
  const full = time(() => {
    if (evaluateBundleLicenses(m, defaultLicensePolicy).artifacts.length !== s.files.length)
      throw new Error('wrong artifact count');
  }, reps);
  console.log(
    `| ${s.name} | ${parseOnly.toFixed(1)} ms | ${naive.toFixed(1)} ms | ${full.toFixed(1)} ms | ${(full / parseOnly).toFixed(1)}x | ${(full / naive).toFixed(2)}x |`,
  );
}
