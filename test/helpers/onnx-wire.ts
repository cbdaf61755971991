import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Protobuf wire bytes for hand-made ONNX models (field numbers from onnx/onnx.proto), for tests that need
 * shapes no exporter writes: merged repeated messages, many locations, huge tensors written as they stream.
 */

export function varint(value: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(out);
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);

/** A length-delimited field (sub-message, string or packed values). */
export function bytesField(field: number, ...body: Buffer[]): Buffer {
  const b = Buffer.concat(body);
  return Buffer.concat([tag(field, 2), varint(b.length), b]);
}

export const stringField = (field: number, text: string) => bytesField(field, Buffer.from(text, 'utf8'));
export const varintField = (field: number, value: number | bigint) => Buffer.concat([tag(field, 0), varint(value)]);

// The few ONNX messages the tests build.
export const model = (...fields: Buffer[]) => Buffer.concat([varintField(1, 8), ...fields]); // ir_version 8
export const opset = (domain: string, version: number) =>
  bytesField(8, stringField(1, domain), varintField(2, version));
export const graph = (...fields: Buffer[]) => bytesField(7, stringField(2, 'g'), ...fields);
export const node = (opType: string, domain = '', ...attributes: Buffer[]) =>
  bytesField(1, stringField(4, opType), ...attributes, stringField(7, domain));
export const initializer = (...fields: Buffer[]) => bytesField(5, ...fields);
export const externalData = (key: string, value: string) => bytesField(13, stringField(1, key), stringField(2, value));
export const externalLocation = 14; // TensorProto.data_location
/** A node attribute holding a subgraph (AttributeProto.g). */
export const graphAttribute = (name: string, ...graphFields: Buffer[]) =>
  bytesField(5, stringField(1, name), bytesField(6, stringField(2, 'sub'), ...graphFields));

/**
 * Writes a ModelProto whose main graph has one INT64 initializer of `elements` values 1 in `int64_data` (the issue 13
 * attack: a decoder materialises every element), packed (one byte each) or unpacked (a tag and a byte each, so a
 * reader has to step through every field). Streams the data, so the writer stays small.
 */
export function writeInt64Model(file: string, elements: number, packed = true): void {
  const dataBytes = packed ? elements : 2 * elements;
  const dataHeader = packed ? Buffer.concat([tag(7, 2), varint(elements)]) : Buffer.alloc(0);
  // dims, INT64, name
  const tensorHead = Buffer.concat([varintField(1, elements), varintField(2, 7), stringField(8, 'big')]);
  const tensorLength = tensorHead.length + dataHeader.length + dataBytes;
  const name = stringField(2, 'g');
  const initializerHead = Buffer.concat([tag(5, 2), varint(tensorLength)]);
  const graphLength = name.length + initializerHead.length + tensorLength;
  const head = Buffer.concat([
    varintField(1, 8),
    opset('', 13),
    tag(7, 2),
    varint(graphLength),
    name,
    initializerHead,
    tensorHead,
    dataHeader,
  ]);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, head);
    // 0x38 0x01: field 7 varint, 1
    const chunk = packed ? Buffer.alloc(1 << 20, 1) : Buffer.from(new Uint16Array(1 << 19).fill(0x0138).buffer);
    for (let left = dataBytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(left, chunk.length));
  } finally {
    closeSync(fd);
  }
}
