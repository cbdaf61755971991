import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../../common/problem';
import type { Environment } from '../../common/schemas/bundle';
import { onnxInfo } from '../pack/local-environment';
import { parseCondaSpec, parseRequirements } from '../pack/requirements';
import { warning } from './mlflow-run';

export interface ArtifactFile {
  rel: string; // path in the bundle, relative to data/
  file: string; // on disk
}

export interface ModelSignature {
  inputs: { name: string | null; type: string; shape: number[] | null }[];
  outputs: { name: string | null; type: string; shape: number[] | null }[];
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function yamlOf(file: string): Record<string, unknown> | null {
  try {
    const v: unknown = parseYaml(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What MLflow records about the environment, from the model's files: MLmodel (python and mlflow versions,
 * flavors), python_env.yaml, conda.yaml, requirements.txt, and the ONNX opset. MLflow records nothing about the
 * machine (os, cpu, gpu): that is said, not guessed.
 */
export function environmentFromArtifacts(files: ArtifactFile[]): {
  environment: Environment | null;
  signature: ModelSignature | null;
  warnings: Problem[];
} {
  const warnings: Problem[] = [];
  const packages: Record<string, string> = {};
  let python: string | null = null;
  let signature: ModelSignature | null = null;
  let onnx: Environment['onnx'] = null;
  const named = (name: string) => files.filter((f) => base(f.rel) === name);

  for (const f of named('requirements.txt'))
    Object.assign(packages, parseRequirements(readFileSync(f.file, 'utf8')).packages);
  for (const f of named('conda.yaml')) {
    const deps = yamlOf(f.file)?.['dependencies'];
    for (const d of Array.isArray(deps) ? deps : []) {
      if (typeof d === 'string') {
        const spec = parseCondaSpec(d);
        if (spec && spec[0] === 'python') python ??= spec[1];
        else if (spec) packages[spec[0]] ??= spec[1];
      } else if (d && typeof d === 'object' && Array.isArray((d as Record<string, unknown>)['pip'])) {
        const pip = ((d as Record<string, unknown>)['pip'] as unknown[]).filter(
          (x): x is string => typeof x === 'string',
        );
        for (const [k, v] of Object.entries(parseRequirements(pip.join('\n')).packages)) packages[k] ??= v;
      }
    }
  }
  for (const f of named('python_env.yaml')) {
    const v = yamlOf(f.file)?.['python'];
    if (typeof v === 'string' || typeof v === 'number') python = String(v);
  }
  for (const f of named('MLmodel')) {
    const m = yamlOf(f.file);
    if (!m) {
      warnings.push(warning('mlflow-mlmodel-unreadable', `${f.rel} is not readable YAML`, { path: f.rel }));
      continue;
    }
    if (typeof m['mlflow_version'] === 'string') packages['mlflow'] ??= m['mlflow_version'];
    const flavors = (m['flavors'] ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const pyVersion = flavors['python_function']?.['python_version'];
    if (typeof pyVersion === 'string') python ??= pyVersion;
    const onnxVersion = flavors['onnx']?.['onnx_version'];
    if (typeof onnxVersion === 'string') packages['onnx'] ??= onnxVersion;
    for (const [flavor, spec] of Object.entries(flavors)) {
      const v = spec?.[`${flavor}_version`];
      if (typeof v === 'string' && flavor !== 'python_function') packages[flavor.replace(/_/g, '-')] ??= v;
    }
    signature ??= readSignature(m['signature']);
  }
  for (const f of files) {
    if (f.rel.endsWith('.onnx') && !onnx) onnx = onnxInfo(f.file);
  }
  if (!python && Object.keys(packages).length === 0 && !onnx) {
    warnings.push(
      warning(
        'mlflow-no-environment',
        'no MLmodel, conda.yaml, python_env.yaml or requirements.txt among the artifacts: the environment is unknown',
      ),
    );
    return { environment: null, signature, warnings };
  }
  const environment: Environment = {
    os: null,
    arch: null,
    cpu: null,
    gpu: null,
    runtime: python ? { name: 'python', version: python } : null,
    packages,
    ...(onnx ? { onnx } : {}),
  };
  warnings.push(
    warning('mlflow-no-machine', 'MLflow records no operating system, CPU or GPU: environment.json leaves them null'),
  );
  if (!python)
    warnings.push(
      warning(
        'mlflow-no-python-version',
        'the Python version is not recorded (no python_env.yaml, conda.yaml or MLmodel python_version)',
      ),
    );
  return { environment, signature, warnings };
}

/** MLmodel's signature: inputs/outputs are JSON text (column or tensor specs). */
function readSignature(sig: unknown): ModelSignature | null {
  if (!sig || typeof sig !== 'object') return null;
  const parse = (v: unknown) => {
    try {
      const list: unknown = typeof v === 'string' ? JSON.parse(v) : v;
      return (Array.isArray(list) ? list : []).map((x: Record<string, unknown>) => {
        const spec = (x['tensor-spec'] as Record<string, unknown> | undefined) ?? x;
        return {
          name: typeof x['name'] === 'string' ? x['name'] : null,
          type: String(spec['dtype'] ?? x['type'] ?? ''),
          shape: Array.isArray(spec['shape']) ? (spec['shape'] as number[]) : null,
        };
      });
    } catch {
      return [];
    }
  };
  const s = sig as Record<string, unknown>;
  return { inputs: parse(s['inputs']), outputs: parse(s['outputs']) };
}
