import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { modelClassLabels } from './model-class-labels';
import { DATA_LOCATION_EXTERNAL, decodeModel, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx-proto';

/**
 * THREATS 12: checks an ONNX model before any runtime sees it. External-data locations must stay inside the
 * model's folder (also after symlinks), and every operator domain must be one ONNX Runtime implements itself
 * (or a local function of the model): a custom domain would need a native library, which we never load.
 */

const RULE = 'THREATS 12 (ONNX external data and operator domains)';
/** '' and 'ai.onnx' are the standard operators, 'ai.onnx.ml' the classic ML ones, 'com.microsoft' ORT's contrib ops. */
export const ALLOWED_DOMAINS: ReadonlySet<string> = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']);
const MAX_GRAPH_DEPTH = 64;

export function checkModelSafety(modelFile: string, modelDir: string): Problem[] {
  return inspectModel(modelFile, modelDir).problems;
}

/** The safety check, plus the class names the model carries (ai.onnx.ml classifiers), from one decoding. */
export function inspectModel(modelFile: string, modelDir: string): { problems: Problem[]; classLabels: string[] | null } {
  let model: OnnxModel;
  try {
    model = decodeModel(readFileSync(modelFile));
  } catch (e) {
    const problem = { code: 'model-unreadable', message: `${path.basename(modelFile)} is not a readable ONNX model: ${(e as Error).message}`, path: modelFile, rule: RULE };
    return { problems: [problem], classLabels: null };
  }
  return { problems: checkDecodedModel(model, modelFile, modelDir), classLabels: modelClassLabels(model) };
}

function checkDecodedModel(model: OnnxModel, modelFile: string, modelDir: string): Problem[] {
  const problems: Problem[] = [];
  const tensors: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [];
  try {
    collect(model, tensors, nodes);
  } catch (e) {
    return [{ code: 'model-unreadable', message: `${path.basename(modelFile)}: ${(e as Error).message}`, path: modelFile, rule: RULE }];
  }
  for (const t of tensors) {
    if (t.data_location !== DATA_LOCATION_EXTERNAL) continue;
    const problem = checkExternalLocation(t, modelFile, modelDir);
    if (problem) problems.push(problem);
  }
  const localDomains = new Set(model.functions.map((f) => f.domain ?? ''));
  const opsets = [...model.opset_import, ...model.functions.flatMap((f) => f.opset_import)];
  const refused = new Set<string>();
  for (const domain of [...opsets.map((o) => o.domain ?? ''), ...nodes.map((n) => n.domain ?? '')]) {
    if (ALLOWED_DOMAINS.has(domain) || localDomains.has(domain) || refused.has(domain)) continue;
    refused.add(domain);
    const ops = [...new Set(nodes.filter((n) => n.domain === domain).map((n) => n.op_type))];
    problems.push({
      code: 'model-custom-op-domain',
      message: `the model uses operator domain "${domain}"${ops.length ? ` (${ops.join(', ')})` : ''}, which needs a custom operator library; only ${[...ALLOWED_DOMAINS].map((d) => `"${d}"`).join(', ')} and the model's own functions are allowed`,
      path: modelFile,
      rule: RULE,
      actual: domain,
    });
  }
  return problems;
}

/** Every tensor and node of the model: main graph, training graphs, functions, and every subgraph in attributes. */
function collect(model: OnnxModel, tensors: OnnxTensor[], nodes: OnnxNode[]): void {
  const graphs: OnnxGraph[] = [];
  if (model.graph) graphs.push(model.graph);
  for (const ti of model.training_info) {
    if (ti.initialization) graphs.push(ti.initialization);
    if (ti.algorithm) graphs.push(ti.algorithm);
  }
  for (const g of graphs) walkGraph(g, tensors, nodes, 0);
  for (const f of model.functions) {
    for (const n of f.node) walkNode(n, tensors, nodes, 0);
    for (const a of f.attribute_proto) walkAttribute(a, tensors, nodes, 0);
  }
}

function walkGraph(g: OnnxGraph, tensors: OnnxTensor[], nodes: OnnxNode[], depth: number): void {
  if (depth > MAX_GRAPH_DEPTH) throw new Error(`subgraphs nested deeper than ${MAX_GRAPH_DEPTH}`);
  for (const t of g.initializer) tensors.push(t);
  for (const s of g.sparse_initializer) pushSparse(s, tensors);
  for (const n of g.node) walkNode(n, tensors, nodes, depth);
}

function walkNode(n: OnnxNode, tensors: OnnxTensor[], nodes: OnnxNode[], depth: number): void {
  nodes.push(n);
  for (const a of n.attribute) walkAttribute(a, tensors, nodes, depth);
}

function walkAttribute(a: OnnxAttribute, tensors: OnnxTensor[], nodes: OnnxNode[], depth: number): void {
  if (a.t) tensors.push(a.t);
  for (const t of a.tensors) tensors.push(t);
  if (a.sparse_tensor) pushSparse(a.sparse_tensor, tensors);
  for (const s of a.sparse_tensors) pushSparse(s, tensors);
  if (a.g) walkGraph(a.g, tensors, nodes, depth + 1);
  for (const g of a.graphs) walkGraph(g, tensors, nodes, depth + 1);
}

function pushSparse(s: { values?: OnnxTensor | null; indices?: OnnxTensor | null }, tensors: OnnxTensor[]): void {
  if (s.values) tensors.push(s.values);
  if (s.indices) tensors.push(s.indices);
}

/** Lexical checks, then containment after resolving against the model file's folder, then again after realpath. */
function checkExternalLocation(t: OnnxTensor, modelFile: string, modelDir: string): Problem | null {
  const location = t.external_data.find((e) => e.key === 'location')?.value ?? '';
  const refuse = (why: string): Problem => ({
    code: 'model-external-data-outside',
    message: `tensor "${t.name}" keeps its data in "${location}": ${why}; external data must stay inside the model's folder`,
    path: modelFile,
    rule: RULE,
    actual: location,
  });
  if (!location) return refuse('the location is empty');
  if (location.includes('\0')) return refuse('the location contains a NUL character');
  if (location.includes('\\')) return refuse('the location contains a backslash');
  if (location.startsWith('/') || path.isAbsolute(location) || path.win32.isAbsolute(location) || /^[A-Za-z]:/.test(location)) {
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
    return {
      code: 'model-external-data-missing',
      message: `tensor "${t.name}" keeps its data in "${location}", which is not in the model's folder`,
      path: modelFile,
      rule: RULE,
      actual: location,
    };
  }
  if (!inside(realTarget, realpathSync(dir))) return refuse('the location is a symbolic link leading outside the model folder');
  return null;
}

function inside(target: string, dir: string): boolean {
  const rel = path.relative(dir, target);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}
