import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectModel } from '../../../../src-main/core/replay/model-safety';
import { MAX_MODEL_BYTES } from '../../../../src-main/core/replay/onnx-structure';
import {
  bytesField,
  externalData,
  externalLocation,
  graph,
  graphAttribute,
  initializer,
  model,
  node,
  opset,
  stringField,
  varint,
  varintField,
} from '../../../helpers/onnx-wire';

/** The safety check on models written byte by byte: shapes no exporter writes, which the runtime still reads. */

const work = mkdtempSync(path.join(os.tmpdir(), 'model-safety-wire-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function inspect(bytes: Buffer) {
  const dir = path.join(work, String(++n), 'model');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'inside.bin'), Buffer.alloc(4));
  const file = path.join(dir, 'model.onnx');
  writeFileSync(file, bytes);
  return inspectModel(file, dir);
}

const tensorBody = (name: string, ...fields: Buffer[]) =>
  Buffer.concat([stringField(8, name), varintField(2, 1), ...fields]); // name, FLOAT
const tensor = (name: string, ...fields: Buffer[]) => initializer(tensorBody(name, ...fields));

describe('the ONNX safety check, read from the wire', () => {
  it('sees a custom domain in the first of two main graphs (protobuf merges them, so the runtime runs both)', () => {
    const problems = inspect(
      model(opset('', 17), graph(node('Evil', 'com.example.evil')), graph(node('Relu'))),
    ).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'model-custom-op-domain', actual: 'com.example.evil' })]);
  });

  it('checks every location a tensor names, not only the first (ONNX Runtime reads the last)', () => {
    const t = tensor(
      'W',
      varintField(externalLocation, 1),
      externalData('location', 'inside.bin'),
      externalData('location', '../secret.bin'),
    );
    expect(inspect(model(graph(t))).problems).toEqual([
      expect.objectContaining({ code: 'model-external-data-outside', actual: '../secret.bin' }),
    ]);
  });

  it('checks a location even when data_location is not set on the same occurrence', () => {
    const t = tensor('W', externalData('location', '/etc/passwd'));
    expect(inspect(model(graph(t))).problems).toEqual([
      expect.objectContaining({ code: 'model-external-data-outside', actual: '/etc/passwd' }),
    ]);
  });

  it('finds external data in a subgraph of a subgraph, past tensor data written unpacked and a proto2 group', () => {
    // int64_data one field per value
    const unpacked = Buffer.concat(Array.from({ length: 1000 }, () => varintField(7, 5)));
    const group = Buffer.concat([varint(99 * 8 + 3), varintField(1, 1), varint(99 * 8 + 4)]);
    const deep = tensorBody(
      'deep',
      unpacked,
      group,
      varintField(externalLocation, 1),
      externalData('location', 'a/../../x'),
    );
    const inner = graphAttribute(
      'then_branch',
      node('Constant', '', bytesField(5, stringField(1, 'value'), bytesField(5, deep))),
    );
    const problems = inspect(
      model(opset('', 17), graph(node('If', '', graphAttribute('then_branch', node('If', '', inner))))),
    ).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'model-external-data-outside', actual: 'a/../../x' })]);
  });

  it('accepts external data inside the folder, named by several tensors', () => {
    const t = tensor('W', varintField(externalLocation, 1), externalData('location', 'inside.bin'));
    expect(inspect(model(opset('', 17), graph(t, t, t))).problems).toEqual([]);
  });

  it('refuses an external tensor without a location', () => {
    expect(inspect(model(graph(tensor('W', varintField(externalLocation, 1))))).problems).toEqual([
      expect.objectContaining({
        code: 'model-external-data-outside',
        message: expect.stringContaining('the location is empty'),
      }),
    ]);
  });

  it('keeps at most 20 location refusals and counts the rest', () => {
    const many = Array.from({ length: 50 }, (_, i) => tensor(`t${i}`, externalData('location', `../x${i}`)));
    const problems = inspect(model(graph(...many))).problems;
    expect(problems).toHaveLength(21);
    expect(problems[20]!.message).toBe("and 30 more tensors keep their data outside the model's folder");
  });

  it('reads the class labels of an ai.onnx.ml classifier, written after its attributes', () => {
    const labels = bytesField(
      5,
      stringField(1, 'classlabels_int64s'),
      bytesField(8, varint(2), varint(-1), varint(2 ** 40)),
    );
    expect(inspect(model(graph(node('LinearClassifier', 'ai.onnx.ml', labels)))).classLabels).toEqual([
      '2',
      '-1',
      String(2 ** 40),
    ]);
  });

  it('calls bytes that end inside a field unreadable', () => {
    const whole = model(graph(node('Relu')));
    expect(inspect(whole.subarray(0, whole.length - 3)).problems).toEqual([
      expect.objectContaining({ code: 'model-unreadable' }),
    ]);
  });

  it('refuses a model file over 2 GiB, naming the limit, without reading it', () => {
    const dir = path.join(work, 'huge');
    mkdirSync(dir);
    const file = path.join(dir, 'model.onnx');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, MAX_MODEL_BYTES + 1); // sparse: no disk used
    closeSync(fd);
    const problems = inspectModel(file, dir).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'model-too-large' })]);
    expect(problems[0]!.message).toMatch(
      /^model\.onnx was not checked, so it is not run: it is 2\.0 GiB, over the 2 GiB one ONNX file can hold/,
    );
  });
});
