import { describe, expect, it } from 'vitest';
import { environmentDifferences, localEnvironment } from '../../../../src-main/core/replay/environment';
import { OutputHasher } from '../../../../src-main/core/replay/output-hash';

describe('the local environment', () => {
  it('names the machine, Node, ONNX Runtime and the app version', () => {
    const env = localEnvironment();
    expect(env.cores).toBeGreaterThan(0);
    expect(env.runtime).toEqual({ name: 'node', version: process.versions.node });
    expect(env.packages['onnxruntime-node']).toMatch(/^\d+\.\d+\.\d+/);
    expect(env.appVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists what differs from the recorded environment, normalising arch names', () => {
    const local = {
      ...localEnvironment(),
      os: 'Debian GNU/Linux 12',
      arch: 'x86_64',
      cpu: 'AMD EPYC',
      packages: { 'onnxruntime-node': '1.30.0' },
    };
    const diff = environmentDifferences(
      {
        os: 'Debian GNU/Linux 12',
        arch: 'amd64',
        cpu: 'Intel',
        runtime: { name: 'python', version: '3.11.2' },
        packages: { numpy: '1.24.2' },
      },
      local,
    );
    expect(diff).toEqual([
      { name: 'cpu', recorded: 'Intel', local: 'AMD EPYC' },
      { name: 'runtime', recorded: 'python 3.11.2', local: `node ${process.versions.node}` },
      { name: 'package numpy', recorded: '1.24.2', local: null },
      { name: 'package onnxruntime-node', recorded: null, local: '1.30.0' },
    ]);
  });

  it('does not list the same OS written two ways, but does list another version (issue 17)', () => {
    const local = {
      ...localEnvironment(),
      os: 'Debian GNU/Linux 12 (bookworm)',
      arch: 'x86_64',
      cpu: 'AMD EPYC',
      packages: {},
    };
    const same = {
      os: 'Debian 12',
      arch: 'x86_64',
      cpu: 'AMD EPYC',
      runtime: { name: 'node', version: process.versions.node },
      packages: {},
    };
    expect(environmentDifferences(same, local)).toEqual([]);
    expect(environmentDifferences({ ...same, os: 'debian  12' }, local)).toEqual([]);
    expect(environmentDifferences({ ...same, os: 'Debian 11 (bullseye)' }, local)).toEqual([
      { name: 'os', recorded: 'Debian 11 (bullseye)', local: 'Debian GNU/Linux 12 (bookworm)' },
    ]);
    expect(environmentDifferences({ ...same, os: null }, local)).toEqual([
      { name: 'os', recorded: null, local: 'Debian GNU/Linux 12 (bookworm)' },
    ]);
  });
});

describe('OutputHasher', () => {
  it('hashes float32 little-endian bytes, independent of how rows are split into batches', () => {
    const values = [0.1, -2, 3.5, 1e-7, 42];
    const whole = new OutputHasher();
    whole.add(Float32Array.from(values));
    const digest = whole.digest();
    const split = new OutputHasher();
    split.add(Float32Array.from(values.slice(0, 2)));
    split.add(values.slice(2)); // plain numbers are rounded to float32 the same way
    expect(split.digest()).toBe(digest);
    const other = new OutputHasher();
    other.add(Float32Array.from([0.1, -2, 3.5, 1e-7, 43]));
    expect(other.digest()).not.toBe(digest);
  });
});
