import { readFileSync, statSync } from 'node:fs';
import type { Environment } from '../../common/schemas/bundle';
import type { Problem } from '../../common/problem';
import { localEnvironment } from '../replay/environment';
import { decodeModel, int64ToNumber } from '../replay/onnx-proto';
import { parseRequirements } from './requirements';

const MAX_MODEL_BYTES = 64 * 1024 * 1024; // opset and producer only; a larger model is not decoded for them

/**
 * An environment for a run folder whose provenance.yaml has none: what this machine can tell (os, arch, cpu),
 * package pins from requirements/pip-freeze files, the opset of an ONNX model. Whatever stays unknown is a warning.
 */
export function environmentFromFolder(files: { path: string; file: string; role: string }[]): {
  environment: Environment;
  warnings: Problem[];
} {
  const local = localEnvironment();
  const env: Environment = { os: local.os, arch: local.arch, cpu: local.cpu };
  const warnings: Problem[] = [
    {
      code: 'environment-assumed',
      message: `provenance.yaml has no environment: os, arch and cpu are recorded from this machine (${local.os}, ${local.arch}), which may not be where the run ran`,
      path: 'provenance.yaml',
      severity: 'warning',
    },
  ];
  const packages: Record<string, string> = {};
  for (const f of files) {
    if (!/(^|\/)(requirements[^/]*\.txt|pip-freeze\.txt)$/.test(f.path)) continue;
    try {
      const parsed = parseRequirements(readFileSync(f.file, 'utf8'));
      Object.assign(packages, parsed.packages);
      if (parsed.unpinned.length > 0)
        warnings.push({
          code: 'environment-unpinned',
          message: `${f.path}: ${parsed.unpinned.length} requirement(s) without an exact version (${parsed.unpinned.slice(0, 3).join(', ')}${parsed.unpinned.length > 3 ? ', …' : ''})`,
          path: f.path,
          severity: 'warning',
        });
    } catch (e) {
      warnings.push({
        code: 'environment-unreadable',
        message: `${f.path}: ${(e as Error).message}`,
        path: f.path,
        severity: 'warning',
      });
    }
  }
  if (Object.keys(packages).length > 0) env.packages = packages;
  else
    warnings.push({
      code: 'environment-no-packages',
      message:
        'package versions are unknown: add environment.packages to provenance.yaml, or a requirements.txt / pip-freeze.txt',
      path: 'provenance.yaml',
      severity: 'warning',
    });
  warnings.push({
    code: 'environment-no-runtime',
    message: 'the runtime (e.g. python 3.11.7) is unknown: add environment.runtime to provenance.yaml',
    path: 'provenance.yaml',
    severity: 'warning',
  });
  warnings.push({
    code: 'environment-no-gpu',
    message: 'whether the run used a GPU is unknown: add environment.gpu (null for none) to provenance.yaml',
    path: 'provenance.yaml',
    severity: 'warning',
  });
  const model = files.find((f) => f.path.endsWith('.onnx') && f.role === 'model');
  if (model) {
    const onnx = onnxInfo(model.file);
    if (onnx) env.onnx = onnx;
  }
  return { environment: env, warnings };
}

export function onnxInfo(file: string): { opset?: number; producer?: string } | null {
  try {
    if (statSync(file).size > MAX_MODEL_BYTES) return null;
    const model = decodeModel(readFileSync(file)) as ReturnType<typeof decodeModel> & { producer_name?: string };
    const main = model.opset_import.find((o) => o.domain === '' || o.domain === 'ai.onnx');
    const out: { opset?: number; producer?: string } = {};
    if (main) out.opset = int64ToNumber(main.version);
    if (model.producer_name) out.producer = model.producer_name;
    return Object.keys(out).length > 0 ? out : null;
  } catch {
    return null; // not an ONNX model after all: the replay says so, not the packer
  }
}
