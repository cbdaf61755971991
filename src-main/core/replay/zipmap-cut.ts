import { copyFile, open } from 'node:fs/promises';
import path from 'node:path';
import type { ReplaySpec } from '../bundle/replay-spec';
import type { OnnxSummary, OnnxZipMap } from './onnx-structure';

/**
 * Converter layouts (skl2onnx, onnxmltools): a classifier's probabilities leave the graph through a ZipMap, as a
 * sequence of maps {class -> probability}, which ONNX Runtime's Node binding cannot return ("Non tensor type is
 * temporarily not supported"). The replay reads instead the ZipMap's own input, the rows x classes tensor whose
 * column j is the map's key j: the same numbers, in the map's key order. The model is not rewritten: a second
 * GraphProto holding only that tensor as a graph output is appended to a copy in the replay's private folder, and
 * protobuf merges it into the graph (repeated fields concatenate), so every node, weight and external-data
 * location stays byte for byte what the safety check walked.
 */

export interface OutputPlan {
  spec: ReplaySpec; // modelOutput names the tensor to read; model the file to load
  zipMap: OnnxZipMap | null; // the ZipMap whose input is read instead of its output
}

/** Which output the replay reads; a ZipMap output becomes its tensor input. `summary` is the walked model. */
export function planOutput(spec: ReplaySpec, summary: OnnxSummary | null): OutputPlan {
  if (!summary || spec.task !== 'classification') return { spec, zipMap: null };
  const graphOutputs = new Set(summary.outputs.map((o) => o.name));
  const zipMaps = summary.zipMaps.filter((z) => graphOutputs.has(z.output));
  // No output named: a converter's first output is its label; probabilities are wanted, so its ZipMap is read.
  const wanted =
    spec.modelOutput ?? (spec.outputKind === 'probabilities' && zipMaps.length === 1 ? zipMaps[0]!.output : null);
  const zipMap = zipMaps.find((z) => z.output === wanted) ?? null;
  if (!zipMap) return { spec, zipMap: null };
  const outputKind = spec.outputKind === 'labels' ? 'labels' : 'probabilities';
  return { spec: { ...spec, modelOutput: zipMap.input, outputKind, model: cutModelPath(spec.model) }, zipMap };
}

export function cutModelPath(model: string): string {
  const dir = path.posix.dirname(model);
  const name = `${path.posix.basename(model, '.onnx')}.zipmap-input.onnx`;
  return dir === '.' ? name : `${dir}/${name}`;
}

/** Copies `from` to `to` and appends `graph { output { name: tensor, type { tensor_type { elem_type: FLOAT } } } }`. */
export async function writeCutModel(from: string, to: string, tensor: string): Promise<void> {
  await copyFile(from, to);
  const file = await open(to, 'a');
  try {
    await file.write(graphOutputPatch(tensor));
  } finally {
    await file.close();
  }
}

export function graphOutputPatch(tensor: string): Buffer {
  const type = field(1, Buffer.from([0x08, 0x01])); // TypeProto { tensor_type { elem_type: FLOAT } }
  // ValueInfoProto { name, type }
  const valueInfo = Buffer.concat([field(1, Buffer.from(tensor, 'utf8')), field(2, type)]);
  const graph = field(12, valueInfo); // GraphProto { output }
  return field(7, graph); // ModelProto { graph }
}

function field(number: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n >= 0x80) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
