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
const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  graph: 7,
  opsetImport: 8,
  trainingInfo: 20,
  functions: 25,
} as const;
const TRAINING_INFO = { initialization: 1, algorithm: 2 } as const;
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12, sparseInitializer: 15 } as const;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5, domain: 7 } as const;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensor: 1, sequence: 4, map: 5, sparseTensor: 8, optional: 9 } as const;
const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
const DIM = { value: 1, param: 2 } as const;
/** Bounds on what the card keeps of a model's interface (a hostile model may declare millions of inputs). */
const MAX_IO = 1000;
const MAX_OPERATORS = 10_000;
const ATTRIBUTE = { name: 1, t: 5, g: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 } as const;
const TENSOR = { name: 8, externalData: 13, dataLocation: 14 } as const;
const SPARSE_TENSOR = { values: 1, indices: 2 } as const;
const ENTRY = { key: 1, value: 2 } as const;
const OPSET = { domain: 1, version: 2 } as const;
const FUNCTION = { node: 7, opsetImport: 9, domain: 10, attributeProto: 11 } as const;
/** TensorProto.DataType names, as ONNX writes them in types (tensor(float)). */
const ELEM_TYPES: Record<number, string> = {
  0: 'undefined',
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
};
/** TensorProto.DataLocation.EXTERNAL */
const DATA_LOCATION_EXTERNAL = 1;

export interface OnnxTensorRef {
  name: string;
  external: boolean; // data_location is EXTERNAL
  locations: string[]; // every external_data entry keyed "location" (ONNX Runtime takes the last one)
  locationTooLong: boolean;
}

/** A graph input or output as the model declares it: `tensor(float)[N,4]`, `seq(map(int64,tensor(float)))`. */
export interface OnnxValueInfo {
  name: string;
  type: string; // ONNX's own notation
  elemType: string | null; // tensors: float, double, int64, string, bool…; null for sequences and maps
  // tensors: each dimension's size or symbolic name ('' when unnamed); null when undeclared
  shape: Array<number | string> | null;
}

/**
 * A ZipMap node of the main graph: its tensor input, its sequence-of-maps output and its keys (the class names, in
 * column order).
 */
export interface OnnxZipMap {
  input: string;
  output: string;
  classes: string[] | null;
}

/** What the model card shows and the replay needs of the main graph, gathered by the same walk. */
export interface OnnxSummary {
  irVersion: number | null;
  producerName: string;
  producerVersion: string;
  opsets: Array<{ domain: string; version: number }>;
  inputs: OnnxValueInfo[]; // without initializers (older IRs list them as inputs)
  outputs: OnnxValueInfo[];
  operators: Array<{ domain: string; opType: string; count: number }>; // every node, subgraphs and functions included
  zipMaps: OnnxZipMap[];
  classLabels: string[] | null;
}

export interface OnnxVisitor {
  tensor(t: OnnxTensorRef): void;
  node(domain: string, opType: string): void;
  opset(domain: string): void;
  localFunction(domain: string): void;
}

/**
 * Walks the model file; returns the class names its classifier carries (model-class-labels.ts). Throws OnnxReadError.
 */
export function walkOnnxModel(file: string, visitor: OnnxVisitor): OnnxSummary {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_MODEL_BYTES) {
      throw new OnnxReadError(
        'model-too-large',
        `it is ${(size / 1024 ** 3).toFixed(1)} GiB, over the 2 GiB one ONNX file can hold (protobuf's limit; larger models keep their weights in external data files)`,
      );
    }
    const walker = new Walker(new ProtoFileReader(fd, size), visitor);
    walker.model(size);
    const initializers = walker.initializers;
    return {
      irVersion: walker.irVersion,
      producerName: walker.producerName,
      producerVersion: walker.producerVersion,
      opsets: walker.opsets,
      inputs: walker.inputs.filter((i) => !initializers.has(i.name)),
      outputs: walker.outputs,
      operators: [...walker.operators.values()].sort(
        (a, b) => a.domain.localeCompare(b.domain) || a.opType.localeCompare(b.opType),
      ),
      zipMaps: walker.zipMaps,
      classLabels: walker.classLabels,
    };
  } catch (e) {
    if (e instanceof WireError) throw new OnnxReadError('model-unreadable', e.message);
    throw e;
  } finally {
    closeSync(fd);
  }
}

class Walker {
  classLabels: string[] | null = null;
  irVersion: number | null = null;
  producerName = '';
  producerVersion = '';
  opsets: Array<{ domain: string; version: number }> = [];
  inputs: OnnxValueInfo[] = [];
  outputs: OnnxValueInfo[] = [];
  readonly initializers = new Set<string>();
  readonly operators = new Map<string, { domain: string; opType: string; count: number }>();
  zipMaps: OnnxZipMap[] = [];

  constructor(
    private readonly r: ProtoFileReader,
    private readonly visit: OnnxVisitor,
  ) {}

  model(end: number): void {
    this.r.fields(end, (field, wire) => {
      if (field === MODEL.graph) this.graph(this.sub(wire, end), 0, true);
      else if (field === MODEL.opsetImport) this.opset(this.sub(wire, end), true);
      else if (field === MODEL.irVersion && wire === WIRE.varint) this.irVersion = this.r.varint(end);
      else if (field === MODEL.producerName) this.producerName = this.r.string(wire, end, 256).text;
      else if (field === MODEL.producerVersion) this.producerVersion = this.r.string(wire, end, 256).text;
      else if (field === MODEL.trainingInfo) this.trainingInfo(this.sub(wire, end));
      else if (field === MODEL.functions) this.function(this.sub(wire, end));
      else this.r.skip(wire, end, field);
    });
  }

  private trainingInfo(end: number): void {
    this.r.fields(end, (field, wire) => {
      if (field === TRAINING_INFO.initialization || field === TRAINING_INFO.algorithm)
        this.graph(this.sub(wire, end), 0, false);
      else this.r.skip(wire, end, field);
    });
  }

  /** `main`: the model's main graph, whose top-level nodes may carry the class labels. */
  private graph(end: number, depth: number, main: boolean): void {
    if (depth > MAX_GRAPH_DEPTH) throw new WireError(`subgraphs nested deeper than ${MAX_GRAPH_DEPTH}`);
    this.r.fields(end, (field, wire) => {
      if (field === GRAPH.node) this.node(this.sub(wire, end), depth, main);
      else if (field === GRAPH.initializer) this.tensor(this.sub(wire, end), main);
      else if (main && (field === GRAPH.input || field === GRAPH.output)) {
        const list = field === GRAPH.input ? this.inputs : this.outputs;
        const info = this.valueInfo(this.sub(wire, end));
        // older IRs list every initializer as an input: the card keeps the first ones
        if (list.length < MAX_IO) list.push(info);
      } else if (field === GRAPH.sparseInitializer) this.sparse(this.sub(wire, end));
      else this.r.skip(wire, end, field);
    });
  }

  private node(end: number, depth: number, main: boolean): void {
    let domain = '';
    let opType = '';
    const labelCandidates: Array<{ start: number; end: number }> = [];
    const ioNames: { input: string[]; output: string[] } = { input: [], output: [] };
    this.r.fields(end, (field, wire) => {
      if (field === NODE.opType) opType = this.r.string(wire, end, MAX_STRING_BYTES).text;
      else if (
        main &&
        (field === NODE.input || field === NODE.output) &&
        ioNames[field === NODE.input ? 'input' : 'output'].length < 4
      ) {
        ioNames[field === NODE.input ? 'input' : 'output'].push(this.r.string(wire, end, MAX_STRING_BYTES).text);
      } else if (field === NODE.domain) domain = this.domain(wire, end);
      else if (field === NODE.attribute) {
        const stop = this.sub(wire, end);
        const start = this.r.pos;
        const name = this.attribute(stop, depth);
        if (main && CLASS_LABEL_ATTRIBUTES.has(name)) labelCandidates.push({ start, end: stop });
      } else this.r.skip(wire, end, field);
    });
    this.visit.node(domain, opType);
    this.countOperator(domain, opType);
    if (labelCandidates.length > 0 && domain === 'ai.onnx.ml') {
      const labels = this.classLabels === null || opType === 'ZipMap' ? readClassLabels(this.r, labelCandidates) : null;
      this.classLabels ??= labels;
      if (opType === 'ZipMap' && ioNames.input[0] && ioNames.output[0] && this.zipMaps.length < MAX_IO) {
        this.zipMaps.push({ input: ioNames.input[0], output: ioNames.output[0], classes: labels });
      }
    }
  }

  private countOperator(domain: string, opType: string): void {
    const key = `${domain === 'ai.onnx' ? '' : domain}\0${opType}`;
    const seen = this.operators.get(key);
    if (seen) seen.count++;
    else if (this.operators.size < MAX_OPERATORS)
      this.operators.set(key, { domain: domain === 'ai.onnx' ? '' : domain, opType, count: 1 });
  }

  private valueInfo(end: number): OnnxValueInfo {
    const info: OnnxValueInfo = { name: '', type: '?', elemType: null, shape: null };
    this.r.fields(end, (field, wire) => {
      if (field === VALUE_INFO.name) info.name = this.r.string(wire, end, MAX_STRING_BYTES).text;
      else if (field === VALUE_INFO.type) Object.assign(info, this.typeProto(this.sub(wire, end), 0));
      else this.r.skip(wire, end, field);
    });
    return info;
  }

  /** A TypeProto in ONNX's notation; tensors keep their element type and shape. */
  private typeProto(end: number, depth: number): Omit<OnnxValueInfo, 'name'> {
    if (depth > 8) throw new WireError('types nested deeper than 8');
    let found: Omit<OnnxValueInfo, 'name'> = { type: '?', elemType: null, shape: null };
    this.r.fields(end, (field, wire) => {
      if (field === TYPE.tensor || field === TYPE.sparseTensor) {
        const t = this.tensorType(this.sub(wire, end));
        const dims = t.shape ? `[${t.shape.map((d) => (d === '' ? '?' : String(d))).join(',')}]` : '';
        found = { type: `${field === TYPE.sparseTensor ? 'sparse_tensor' : 'tensor'}(${t.elemType})${dims}`, ...t };
      } else if (field === TYPE.sequence || field === TYPE.optional) {
        const stop = this.sub(wire, end);
        let inner = '?';
        this.r.fields(stop, (f, w) => {
          if (f === 1) inner = this.typeProto(this.sub(w, stop), depth + 1).type;
          else this.r.skip(w, stop, f);
        });
        found = { type: `${field === TYPE.sequence ? 'seq' : 'optional'}(${inner})`, elemType: null, shape: null };
      } else if (field === TYPE.map) {
        const stop = this.sub(wire, end);
        let key = '?';
        let value = '?';
        this.r.fields(stop, (f, w) => {
          if (f === 1 && w === WIRE.varint) key = ELEM_TYPES[this.r.varint(stop)] ?? 'unknown';
          else if (f === 2) value = this.typeProto(this.sub(w, stop), depth + 1).type;
          else this.r.skip(w, stop, f);
        });
        found = { type: `map(${key},${value})`, elemType: null, shape: null };
      } else this.r.skip(wire, end, field);
    });
    return found;
  }

  private tensorType(end: number): { elemType: string; shape: Array<number | string> | null } {
    let elemType = 'undefined';
    let shape: Array<number | string> | null = null;
    this.r.fields(end, (field, wire) => {
      if (field === TENSOR_TYPE.elemType && wire === WIRE.varint)
        elemType = ELEM_TYPES[this.r.varint(end)] ?? 'unknown';
      else if (field === TENSOR_TYPE.shape) {
        const stop = this.sub(wire, end);
        shape = [];
        this.r.fields(stop, (f, w) => {
          if (f !== 1) return this.r.skip(w, stop, f);
          const dimEnd = this.sub(w, stop);
          let dim: number | string = '';
          this.r.fields(dimEnd, (df, dw) => {
            if (df === DIM.value && dw === WIRE.varint) dim = this.r.varint(dimEnd);
            else if (df === DIM.param) dim = this.r.string(dw, dimEnd, 256).text;
            else this.r.skip(dw, dimEnd, df);
          });
          if (shape!.length < 64) shape!.push(dim);
        });
      } else this.r.skip(wire, end, field);
    });
    return { elemType, shape };
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

  private tensor(end: number, initializer = false): void {
    const t: OnnxTensorRef = { name: '', external: false, locations: [], locationTooLong: false };
    this.r.fields(end, (field, wire) => {
      if (field === TENSOR.name) t.name = this.r.string(wire, end, MAX_STRING_BYTES).text;
      else if (field === TENSOR.externalData) this.externalEntry(this.sub(wire, end), t);
      else if (field === TENSOR.dataLocation) {
        if (wire !== WIRE.varint) throw new WireError(`wire type ${wire} for a tensor's data_location`);
        t.external = this.r.varint(end) === DATA_LOCATION_EXTERNAL;
      } else this.r.skip(wire, end, field); // dims, data_type and the data fields
    });
    if (initializer && this.initializers.size < 1_000_000) this.initializers.add(t.name);
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

  private opset(end: number, model = false): void {
    let domain = '';
    let version = 0;
    this.r.fields(end, (field, wire) => {
      if (field === OPSET.domain) domain = this.domain(wire, end);
      else if (field === OPSET.version && wire === WIRE.varint) version = this.r.varint(end);
      else this.r.skip(wire, end, field);
    });
    if (model && this.opsets.length < MAX_IO) this.opsets.push({ domain: domain === 'ai.onnx' ? '' : domain, version });
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
