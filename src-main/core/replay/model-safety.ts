import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { OnnxReadError } from './onnx-read-error';
import { walkOnnxModel, type OnnxSummary, type OnnxTensorRef } from './onnx-structure';

/**
 * THREATS 12: checks an ONNX model before any runtime sees it. External-data locations must stay inside the
 * model's folder (also after symlinks), and every operator domain must be one ONNX Runtime implements itself
 * (or a local function of the model): a custom domain would need a native library, which we never load.
 * The model is walked from the file without decoding its tensors (onnx-structure.ts), so a model built to
 * exhaust memory cannot do so in this process (issue 13); the runtime itself only ever runs in the limited worker.
 */

const RULE = 'THREATS 12 (ONNX external data and operator domains)';
/** '' and 'ai.onnx' are the standard operators, 'ai.onnx.ml' the classic ML ones, 'com.microsoft' ORT's contrib ops. */
export const ALLOWED_DOMAINS: ReadonlySet<string> = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']);
/** Bounds on what the check keeps while walking (one refusal is enough; a hostile model may hold millions). */
const MAX_LOCATION_PROBLEMS = 20;
const MAX_DOMAINS = 1000;
const MAX_OPS_NAMED = 20;

export function checkModelSafety(modelFile: string, modelDir: string): Problem[] {
  return inspectModel(modelFile, modelDir).problems;
}

/** The safety check, plus the class names the model carries (ai.onnx.ml classifiers) and its summary, from one walk. */
export function inspectModel(
  modelFile: string,
  modelDir: string,
): { problems: Problem[]; classLabels: string[] | null; summary: OnnxSummary | null } {
  const problems: Problem[] = [];
  let moreLocations = 0;
  // location → its verdict, so a million tensors in one file cost one check
  const checked = new Map<string, Verdict | null>();
  const domains = new Map<string, Set<string>>(); // domains outside ALLOWED_DOMAINS → the operators using them
  const localDomains = new Set<string>();
  const noteDomain = (domain: string, opType: string | null) => {
    if (ALLOWED_DOMAINS.has(domain)) return;
    let ops = domains.get(domain);
    if (!ops) {
      if (domains.size >= MAX_DOMAINS)
        throw new OnnxReadError('model-too-large', `it uses more than ${MAX_DOMAINS} operator domains`);
      domains.set(domain, (ops = new Set()));
    }
    if (opType !== null && ops.size < MAX_OPS_NAMED) ops.add(opType);
  };
  const onTensor = (t: OnnxTensorRef) => {
    for (const problem of tensorProblems(t, modelFile, modelDir, checked)) {
      if (problems.length < MAX_LOCATION_PROBLEMS) problems.push(problem);
      else moreLocations += 1;
    }
  };
  let summary: OnnxSummary;
  try {
    summary = walkOnnxModel(modelFile, {
      tensor: onTensor,
      node: (domain, opType) => noteDomain(domain, opType),
      opset: (domain) => noteDomain(domain, null),
      localFunction: (domain) => {
        if (localDomains.size >= MAX_DOMAINS)
          throw new OnnxReadError('model-too-large', `it has more than ${MAX_DOMAINS} local function domains`);
        localDomains.add(domain);
      },
    });
  } catch (e) {
    return { problems: [unreadable(e, modelFile)], classLabels: null, summary: null };
  }
  if (moreLocations > 0) {
    problems.push({
      code: 'model-external-data-outside',
      message: `and ${moreLocations} more tensors keep their data outside the model's folder`,
      path: modelFile,
      rule: RULE,
    });
  }
  for (const [domain, ops] of domains) {
    if (localDomains.has(domain)) continue;
    problems.push({
      code: 'model-custom-op-domain',
      message: `the model uses operator domain "${domain}"${ops.size ? ` (${[...ops].join(', ')})` : ''}, which needs a custom operator library; only ${[...ALLOWED_DOMAINS].map((d) => `"${d}"`).join(', ')} and the model's own functions are allowed`,
      path: modelFile,
      rule: RULE,
      actual: domain,
    });
  }
  return { problems, classLabels: summary.classLabels, summary };
}

function unreadable(e: unknown, modelFile: string): Problem {
  const name = path.basename(modelFile);
  if (e instanceof OnnxReadError && e.code === 'model-too-large') {
    return {
      code: 'model-too-large',
      message: `${name} was not checked, so it is not run: ${e.message}`,
      path: modelFile,
      rule: RULE,
    };
  }
  return {
    code: 'model-unreadable',
    message: `${name} is not a readable ONNX model: ${(e as Error).message}`,
    path: modelFile,
    rule: RULE,
  };
}

/**
 * Every location a tensor names is checked, used or not: ONNX Runtime reads the last one, a reader may take the first.
 */
function tensorProblems(
  t: OnnxTensorRef,
  modelFile: string,
  modelDir: string,
  checked: Map<string, Verdict | null>,
): Problem[] {
  if (t.external && t.locations.length === 0)
    return [
      locationProblem(t.name, '', { code: 'model-external-data-outside', why: 'the location is empty' }, modelFile),
    ];
  if (t.locationTooLong)
    return [
      locationProblem(
        t.name,
        '',
        { code: 'model-external-data-outside', why: 'the location is longer than 4096 bytes' },
        modelFile,
      ),
    ];
  const found: Problem[] = [];
  for (const location of t.locations) {
    let verdict = checked.get(location);
    if (verdict === undefined) {
      verdict = checkExternalLocation(location, modelFile, modelDir);
      if (checked.size < 100_000) checked.set(location, verdict);
    }
    if (verdict) found.push(locationProblem(t.name, location, verdict, modelFile));
  }
  return found;
}

interface Verdict {
  code: 'model-external-data-outside' | 'model-external-data-missing';
  why: string;
}

function locationProblem(tensor: string, location: string, verdict: Verdict, modelFile: string): Problem {
  const message =
    verdict.code === 'model-external-data-missing'
      ? `tensor "${tensor}" keeps its data in "${location}", which is not in the model's folder`
      : `tensor "${tensor}" keeps its data in "${location}": ${verdict.why}; external data must stay inside the model's folder`;
  return { code: verdict.code, message, path: modelFile, rule: RULE, actual: location };
}

/** Lexical checks, then containment after resolving against the model file's folder, then again after realpath. */
function checkExternalLocation(location: string, modelFile: string, modelDir: string): Verdict | null {
  const refuse = (why: string): Verdict => ({ code: 'model-external-data-outside', why });
  if (!location) return refuse('the location is empty');
  if (location.includes('\0')) return refuse('the location contains a NUL character');
  if (location.includes('\\')) return refuse('the location contains a backslash');
  if (
    location.startsWith('/') ||
    path.isAbsolute(location) ||
    path.win32.isAbsolute(location) ||
    /^[A-Za-z]:/.test(location)
  ) {
    return refuse('the location is an absolute path');
  }
  if (location.split('/').some((s) => s === '..')) return refuse('the location has a ".." segment');
  const dir = path.resolve(modelDir);
  const target = path.resolve(path.dirname(modelFile), location);
  if (!inside(target, dir)) return refuse('the location resolves outside the model folder');
  let realTarget: string;
  try {
    realTarget = realpathSync(target);
  } catch {
    return { code: 'model-external-data-missing', why: 'it is not in the folder' };
  }
  if (!inside(realTarget, realpathSync(dir)))
    return refuse('the location is a symbolic link leading outside the model folder');
  return null;
}

function inside(target: string, dir: string): boolean {
  const rel = path.relative(dir, target);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}
