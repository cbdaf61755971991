import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelCard, unsupportedOperator } from '../../../../src-main/core/replay/model-card';
import { bytesField, model, opset, stringField, varintField } from '../../../helpers/onnx-wire';
import { filesUnder, workerFor } from './replay-fixture';

const converters = path.resolve(__dirname, '../../../fixtures/replay-converters');
let worker: string;
let dir: string;
beforeAll(async () => {
  worker = await workerFor('model-card');
  dir = mkdtempSync(path.join(os.tmpdir(), 'card-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const floatInfo = (field: number, name: string) =>
  bytesField(field, stringField(1, name), bytesField(2, bytesField(1, varintField(1, 1))));

describe('model card', () => {
  it("describes a converter's forest: producer, opsets, typed inputs and outputs, operators, classes; the runtime loads it", async () => {
    const card = await modelCard(filesUnder(path.join(converters, 'zipmap-forest')), null, { workerScript: worker });
    expect(card).not.toBeNull();
    expect(card!.path).toBe('model/model.onnx');
    expect(card!.producer).toBe('skl2onnx 1.16.0');
    expect(card!.opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 1 },
    ]);
    expect(card!.inputs).toEqual([{ name: 'float_input', type: 'tensor(float)[?,4]' }]);
    expect(card!.outputs).toEqual([
      { name: 'output_label', type: 'tensor(int64)[?]' },
      { name: 'output_probability', type: 'seq(map(int64,tensor(float)[]))' },
    ]);
    expect(card!.operators.map((o) => [o.domain, o.opType, o.count, o.supported])).toEqual([
      ['', 'Cast', 1, 'yes'],
      ['ai.onnx.ml', 'TreeEnsembleClassifier', 1, 'yes'],
      ['ai.onnx.ml', 'ZipMap', 1, 'yes'],
    ]);
    expect(card!.classes).toEqual(['0', '1', '2']);
    expect(card!.zipMapOutputs).toEqual(['output_probability']);
    expect(card!.runtime).toMatchObject({ name: 'onnxruntime-node', loads: true, reason: null });
  });

  it('names an operator the runtime has no kernel for, before any replay runs', async () => {
    const g = bytesField(
      7,
      stringField(2, 'g'),
      bytesField(1, stringField(1, 'x'), stringField(2, 'y'), stringField(4, 'Frobnicate')),
      floatInfo(11, 'x'),
      floatInfo(12, 'y'),
    );
    writeFileSync(path.join(dir, 'model.onnx'), model(opset('', 17), g));
    const card = await modelCard({ 'model.onnx': path.join(dir, 'model.onnx') }, null, { workerScript: worker });
    expect(card!.runtime.loads).toBe(false);
    expect(card!.runtime.reason).toMatch(
      /^It has no implementation of the operator "Frobnicate" \(ONNX Runtime could not load the model: .*Frobnicate/,
    );
    expect(card!.operators).toEqual([{ domain: '', opType: 'Frobnicate', count: 1, supported: 'no' }]);
  });

  it("reads ONNX Runtime's messages for a missing kernel", () => {
    expect(unsupportedOperator("Could not find an implementation for Frob(12) node with name ''")).toBe('Frob');
    expect(unsupportedOperator('Fatal error: No Op registered for Frobnicate with domain_version of 17')).toBe(
      'Frobnicate',
    );
    expect(unsupportedOperator('something else')).toBeNull();
  });

  it('has nothing to describe without a single model', async () => {
    expect(await modelCard({ 'a.csv': '/dev/null' }, null, { workerScript: worker })).toBeNull();
  });
});
