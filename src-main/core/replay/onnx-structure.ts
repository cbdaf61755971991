import { closeSync, fstatSync, openSync } from 'node:fs';
import { CLASS_LABEL_ATTRIBUTES, readClassLabels } from './model-class-labels';
import { OnnxReadError } from './onnx-read-error';
import { ProtoFileReader, WIRE, WireError } from './proto-file-reader';

/**
 * Walks an ONNX ModelProto for what the safety check needs (THREATS 12) without materialising it (issue 13): every
 * node's domain and operator, every opset import, every local function's domain and every tensor's external-data
 * locations, in the main graph, the training graphs, the functions and every subgraph. Tensor data (raw_data,
 * float_data, int64_data, …) is stepped over by its length, never read, so memory does not grow with the model.
 * Every occurrence of a message field is visited: protobuf merges repeated occurrences, so the runtime sees them all.
 */

/** Protobuf's own limit for one message: ONNX Runtime cannot load a larger .onnx file either. */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;
const MAX_STRING_BYTES = 4096;
const MAX_GRAPH_DEPTH = 64;

// Field numbers from onnx/onnx.proto (IR version 10); fields not named here are skipped unread.
const MODEL = { graph: 7, opsetImport: 8, trainingInfo: 20, functions: 25 } as const;
const TRAINING_INFO = { initialization: 1, algorithm: 2 } as const;
const GRAPH = { node: 1, initializer: 5, sparseInitializer: 15 } as const;
const NODE = { opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { name: 1, t: 5, g: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 } as const;
const TENSOR = { name: 8, externalData: 13, dataLocation: 14 } as const;
const SPARSE_TENSOR = { values: 1, indices: 2 } as const;
const ENTRY = { key: 1, value: 2 } as const;
const OPSET = { domain: 1 } as const;
const FUNCTION = { node: 7, opsetImport: 9, domain: 10, attributeProto: 11 } as const;
/** TensorProto.DataLocation.EXTERNAL */
const DATA_LOCATION_EXTERNAL = 1;

export interface OnnxTensorRef {
  name: string;
  external: boolean; // data_location is EXTERNAL
  locations: string[]; // every external_data entry keyed "location" (ONNX Runtime takes the last one)
  locationTooLong: boolean;
}

export interface OnnxVisitor {
  tensor(t: OnnxTensorRef): void;
  node(domain: string, opType: string): void;
  opset(domain: string): void;
  localFunction(domain: string): void;
}

/** Walks the model file; returns the class names its classifier carries (model-class-labels.ts). Throws OnnxReadError. */
export function walkOnnxModel(file: string, visitor: OnnxVisitor): { classLabels: string[] | null } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_MODEL_BYTES) {
      throw new OnnxReadError('model-too-large', `it is ${(size / 1024 ** 3).toFixed(1)} GiB, over the 2 GiB one ONNX file can hold (protobuf's limit; larger models keep their weights in external data files)`);
    }
    const walker = new Walker(new ProtoFileReader(fd, size), visitor);
    walker.model(size);
    return { classLabels: walker.classLabels };
  } catch (e) {
    if (e instanceof WireError) throw new OnnxReadError('model-unreadable', e.message);
    throw e;
  } finally {
    closeSync(fd);
  }
}

class Walker {
  classLabels: string[] | null = null;

  constructor(
    private readonly r: ProtoFileReader,
    private readonly visit: OnnxVisitor,
  ) {}

  model(end: number): void {
    this.r.fields(end, (field, wire) => {
      if (field === MODEL.graph) this.graph(this.sub(wire, end), 0, true);
      else if (field === MODEL.opsetImport) this.opset(this.sub(wire, end));
      else if (field === MODEL.trainingInfo) this.trainingInfo(this.sub(wire, end));
      else if (field === MODEL.functions) this.function(this.sub(wire, end));
      else this.r.skip(wire, end, field);
    });
  }

  private trainingInfo(end: number): void {
    this.r.fields(end, (field, wire) => {
      if (field === TRAINING_INFO.initialization || field === TRAINING_INFO.algorithm) this.graph(this.sub(wire, end), 0, false);
      else this.r.skip(wire, end, field);
    });
  }

  /** `main`: the model's main graph, whose top-level nodes may carry the class labels. */
  private graph(end: number, depth: number, main: boolean): void {
    if (depth > MAX_GRAPH_DEPTH) throw new WireError(`subgraphs nested deeper than ${MAX_GRAPH_DEPTH}`);
    this.r.fields(end, (field, wire) => {
      if (field === GRAPH.node) this.node(this.sub(wire, end), depth, main);
      else if (field === GRAPH.initializer) this.tensor(this.sub(wire, end));
      else if (field === GRAPH.sparseInitializer) this.sparse(this.sub(wire, end));
      else this.r.skip(wire, end, field);
    });
  }

  private node(end: number, depth: number, main: boolean): void {
    let domain = '';
    let opType = '';
    const labelCandidates: Array<{ start: number; end: number }> = [];
    this.r.fields(end, (field, wire) => {
      if (field === NODE.opType) opType = this.r.string(wire, end, MAX_STRING_BYTES).text;
      else if (field === NODE.domain) domain = this.domain(wire, end);
      else if (field === NODE.attribute) {
        const stop = this.sub(wire, end);
        const start = this.r.pos;
        const name = this.attribute(stop, depth);
        if (main && this.classLabels === null && CLASS_LABEL_ATTRIBUTES.has(name)) labelCandidates.push({ start, end: stop });
      } else this.r.skip(wire, end, field);
    });
    this.visit.node(domain, opType);
    if (labelCandidates.length > 0 && domain === 'ai.onnx.ml') this.classLabels = readClassLabels(this.r, labelCandidates);
  }

  /** Returns the attribute's name; its tensors and subgraphs are walked, its other values skipped. */
  private attribute(end: number, depth: number): string {
    let name = '';
    this.r.fields(end, (field, wire) => {
      if (field === ATTRIBUTE.name) name = this.r.string(wire, end, MAX_STRING_BYTES).text;
      else if (field === ATTRIBUTE.t || field === ATTRIBUTE.tensors) this.tensor(this.sub(wire, end));
      else if (field === ATTRIBUTE.g || field === ATTRIBUTE.graphs) this.graph(this.sub(wire, end), depth + 1, false);
      else if (field === ATTRIBUTE.sparseTensor || field === ATTRIBUTE.sparseTensors) this.sparse(this.sub(wire, end));
      else this.r.skip(wire, end, field);
    });
    return name;
  }

  private tensor(end: number): void {
    const t: OnnxTensorRef = { name: '', external: false, locations: [], locationTooLong: false };
    this.r.fields(end, (field, wire) => {
      if (field === TENSOR.name) t.name = this.r.string(wire, end, MAX_STRING_BYTES).text;
      else if (field === TENSOR.externalData) this.externalEntry(this.sub(wire, end), t);
      else if (field === TENSOR.dataLocation) {
        if (wire !== WIRE.varint) throw new WireError(`wire type ${wire} for a tensor's data_location`);
        t.external = this.r.varint(end) === DATA_LOCATION_EXTERNAL;
      } else this.r.skip(wire, end, field); // dims, data_type and the data fields
    });
    this.visit.tensor(t);
  }

  private externalEntry(end: number, t: OnnxTensorRef): void {
    let key = '';
    let value = { text: '', truncated: false };
    this.r.fields(end, (field, wire) => {
      if (field === ENTRY.key) key = this.r.string(wire, end, 64).text;
      else if (field === ENTRY.value) value = this.r.string(wire, end, MAX_STRING_BYTES);
      else this.r.skip(wire, end, field);
    });
    if (key !== 'location') return;
    t.locations.push(value.text);
    t.locationTooLong ||= value.truncated;
  }

  private sparse(end: number): void {
    this.r.fields(end, (field, wire) => {
      if (field === SPARSE_TENSOR.values || field === SPARSE_TENSOR.indices) this.tensor(this.sub(wire, end));
      else this.r.skip(wire, end, field);
    });
  }

  private opset(end: number): void {
    let domain = '';
    this.r.fields(end, (field, wire) => {
      if (field === OPSET.domain) domain = this.domain(wire, end);
      else this.r.skip(wire, end, field);
    });
    this.visit.opset(domain);
  }

  private function(end: number): void {
    let domain = '';
    this.r.fields(end, (field, wire) => {
      if (field === FUNCTION.node) this.node(this.sub(wire, end), 0, false);
      else if (field === FUNCTION.opsetImport) this.opset(this.sub(wire, end));
      else if (field === FUNCTION.domain) domain = this.domain(wire, end);
      else if (field === FUNCTION.attributeProto) this.attribute(this.sub(wire, end), 0);
      else this.r.skip(wire, end, field);
    });
    this.visit.localFunction(domain);
  }

  /** A domain is compared, so it must be whole: a longer one is refused rather than cut. */
  private domain(wire: number, end: number): string {
    const d = this.r.string(wire, end, MAX_STRING_BYTES);
    if (d.truncated) throw new WireError(`an operator domain longer than ${MAX_STRING_BYTES} bytes`);
    return d.text;
  }

  private sub(wire: number, end: number): number {
    return this.r.lengthEnd(wire, end);
  }
}
