import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from '../../common/schemas/bundle';
import { appVersion } from '../app-paths';

/** The machine a replay runs on, and how it differs from the one the bundle recorded. */
export interface LocalEnvironment {
  os: string;
  arch: string;
  cpu: string;
  cores: number;
  runtime: { name: 'node'; version: string };
  packages: Record<string, string>; // onnxruntime-node, @huggingface/transformers
  appVersion: string;
}

export interface EnvironmentDifference {
  name: string;
  recorded: string | null;
  local: string | null;
}

function packageVersion(name: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === name) return manifest.version ?? null;
      } catch {
        // not this folder
      }
    }
  } catch {
    // not installed
  }
  return null;
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1];
    if (pretty) return pretty;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
}

let cached: LocalEnvironment | null = null;
export function localEnvironment(): LocalEnvironment {
  if (cached) return cached;
  const packages: Record<string, string> = {};
  for (const name of ['onnxruntime-node', '@huggingface/transformers']) {
    const v = packageVersion(name);
    if (v) packages[name] = v;
  }
  cached = {
    os: osName(),
    arch: os.arch() === 'x64' ? 'x86_64' : os.arch() === 'arm64' ? 'aarch64' : os.arch(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    runtime: { name: 'node', version: process.versions.node },
    packages,
    appVersion: appVersion(),
  };
  return cached;
}

/** Differences worth showing next to the numbers: os, arch, cpu, runtime, and every package on either side. */
export function environmentDifferences(recorded: Environment | null, local: LocalEnvironment): EnvironmentDifference[] {
  const out: EnvironmentDifference[] = [];
  const add = (
    name: string,
    r: string | null | undefined,
    l: string | null | undefined,
    same = (a: string, b: string) => a === b,
  ) => {
    if (r && l ? !same(r, l) : (r ?? null) !== (l ?? null)) out.push({ name, recorded: r ?? null, local: l ?? null });
  };
  add('os', recorded?.os, local.os, (a, b) => osKey(a) === osKey(b));
  add('arch', normaliseArch(recorded?.arch), local.arch);
  add('cpu', recorded?.cpu, local.cpu);
  const rt = recorded?.runtime;
  add('runtime', rt ? `${rt.name} ${rt.version}` : null, `${local.runtime.name} ${local.runtime.version}`);
  const names = new Set([...Object.keys(recorded?.packages ?? {}), ...Object.keys(local.packages)]);
  for (const name of [...names].sort()) add(`package ${name}`, recorded?.packages?.[name], local.packages[name]);
  return out;
}

/**
 * The same OS written two ways is no difference (issue 17): "Debian 12" and "Debian GNU/Linux 12 (bookworm)" compare
 * equal once the codename in parentheses, "GNU/Linux" and spacing or case are set aside. A version that differs still
 * does.
 */
export function osKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\bgnu\/linux\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function normaliseArch(a: string | null | undefined): string | null {
  if (!a) return null;
  return a === 'x64' || a === 'amd64' ? 'x86_64' : a === 'arm64' ? 'aarch64' : a;
}
