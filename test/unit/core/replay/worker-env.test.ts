import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorker } from '../../../../src-main/core/replay/run-worker';
import { workerEnvironment } from '../../../../src-main/core/replay/worker-env';
import { utilityWorkerSpawner } from '../../../../src-main/electron/utility-worker-adapter';
import { specOf } from './replay-fixture';

/** Issue 13: the replay worker starts with an allow-listed environment, never the parent's secrets. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secrets = {
  PROVDESK_PASSPHRASE: 'correct horse',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  HF_TOKEN: 'hf_secret',
  NODE_OPTIONS: '--require /tmp/evil.js',
  HTTPS_PROXY: 'http://user:pw@proxy:3128',
  LD_PRELOAD: '/tmp/evil.so',
};
const needed = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/dana',
  TMPDIR: '/tmp/x',
  LANG: 'de_DE.UTF-8',
  LC_ALL: 'de_DE.UTF-8',
  LC_NUMERIC: 'C',
  TZ: 'UTC',
};

describe('workerEnvironment', () => {
  it('keeps what the runtime needs and drops every secret, NODE_OPTIONS and loader variables', () => {
    expect(workerEnvironment({ ...secrets, ...needed }, 'linux')).toEqual(needed);
  });

  it("matches Windows' names whatever their case, keeping them as written", () => {
    const env = {
      Path: 'C:\\Windows',
      SystemRoot: 'C:\\Windows',
      USERPROFILE: 'C:\\Users\\dana',
      TEMP: 'C:\\Temp',
      TMP: 'C:\\Temp',
      windir: 'C:\\Windows',
      Provdesk_Passphrase: 'x',
    };
    const { Provdesk_Passphrase: _dropped, ...kept } = env;
    expect(workerEnvironment(env, 'win32')).toEqual(kept);
  });

  it('is exact elsewhere: a lower-case name is not the variable the runtime reads', () => {
    expect(workerEnvironment({ path: '/bin', PATH: '/usr/bin' }, 'linux')).toEqual({ PATH: '/usr/bin' });
  });
});

const job = {
  root: dir,
  spec: specOf({
    task: 'tensor',
    model: 'm.onnx',
    cases: [{ inputs: {}, outputs: {} }],
    metrics: [{ name: 'max_abs_error' }],
  }),
  modelClasses: null,
  batchSize: 1,
  threads: 1,
};
const limits = { timeoutMs: 30_000, maxMemoryBytes: 2 ** 30 };

/** Runs `work` with the secrets in this process's environment, then puts it back. */
async function withSecrets<T>(work: () => Promise<T>): Promise<T> {
  const before = { ...process.env };
  Object.assign(process.env, secrets);
  try {
    return await work();
  } finally {
    for (const name of Object.keys(secrets)) {
      if (name in before) process.env[name] = before[name];
      else delete process.env[name];
    }
  }
}

describe('a spawned replay worker', () => {
  it('does not see PROVDESK_PASSPHRASE or any other secret of its parent', async () => {
    const probe = path.join(dir, 'env-probe.mjs');
    writeFileSync(
      probe,
      "process.on('message', () => process.send({ type: 'error', problem: { code: 'env', message: JSON.stringify(process.env) } }, () => process.exit(0)));",
    );
    const out = await withSecrets(() => runWorker(probe, job, limits, undefined));
    expect(out).toMatchObject({ ok: false, code: 'env' });
    const seen = JSON.parse(out.ok ? '{}' : out.reason) as Record<string, string>;
    for (const name of Object.keys(secrets)) expect(seen).not.toHaveProperty(name);
    expect(seen.PATH).toBe(process.env.PATH);
  });

  it('gets the same environment as a utility process in Electron', async () => {
    const envs: NodeJS.ProcessEnv[] = [];
    const spawn = utilityWorkerSpawner((_script, _args, options) => {
      envs.push(options.env);
      const child = Object.assign(new EventEmitter(), {
        pid: undefined,
        stderr: new PassThrough(),
        postMessage: () => undefined,
        kill: () => (child.emit('exit', 1), true),
      });
      setImmediate(() => child.emit('exit', 0));
      return child;
    });
    await withSecrets(() => runWorker('/app/replay.worker.mjs', job, limits, undefined, undefined, spawn));
    expect(envs).toHaveLength(1);
    expect(envs[0]).toEqual(workerEnvironment());
    expect(envs[0]).not.toHaveProperty('PROVDESK_PASSPHRASE');
  });
});
