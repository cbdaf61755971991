import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReplaySpec } from '../../../../src-main/core/bundle/replay-spec';

const irisReplay = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/iris/bundle/data/replay.json'), 'utf8'),
) as Record<string, unknown>;

function errors(value: unknown) {
  const r = parseReplaySpec(value);
  expect(r.spec).toBeNull();
  return r.problems.filter((p) => p.severity === 'error');
}

describe('parseReplaySpec', () => {
  it('reads the sample bundle replay.json with every field', () => {
    const { spec, problems } = parseReplaySpec(irisReplay);
    expect(problems).toEqual([]);
    expect(spec).toEqual({
      conformsTo: 'urn:provenance-desk:replay:1',
      task: 'classification',
      model: 'model/model.onnx',
      modelInput: 'input',
      modelOutput: 'probabilities',
      outputKind: 'probabilities',
      inputs: null,
      classes: null,
      data: { path: 'eval/test.csv', format: 'csv', features: ['f0', 'f1', 'f2', 'f3'], label: 'label', text: 'text' },
      batchSize: 64,
      metrics: [
        { name: 'accuracy', tolerance: { abs: 0, rel: 0 } },
        { name: 'macro_f1', tolerance: { abs: 1e-9, rel: 0 } },
        { name: 'log_loss', tolerance: { abs: 1e-5, rel: 1e-4 } },
      ],
      predictions: 'eval/predictions.csv',
      cases: null,
    });
  });

  it('fills defaults for a minimal spec', () => {
    const { spec } = parseReplaySpec({
      task: 'regression',
      model: 'm.onnx',
      data: { path: 'd.csv', format: 'csv' },
      metrics: [{ name: 'mae' }],
    });
    expect(spec).toMatchObject({
      conformsTo: 'urn:provenance-desk:replay:1',
      modelInput: null,
      modelOutput: null,
      outputKind: 'values',
      batchSize: 256,
      predictions: null,
      data: { features: null, label: 'label' },
      metrics: [{ name: 'mae', tolerance: { abs: 0, rel: 0 } }],
    });
  });

  it('accepts a tensor spec with cases', () => {
    const { spec, problems } = parseReplaySpec({
      task: 'tensor',
      model: 'model.onnx',
      metrics: [{ name: 'max_abs_error', tolerance: { abs: 1e-6 } }],
      cases: [{ inputs: { x: 'tensors/input_0.pb' }, outputs: { y: 'tensors/output_0.pb' } }],
    });
    expect(problems).toEqual([]);
    expect(spec?.data).toBeNull();
    expect(spec?.cases).toHaveLength(1);
  });

  it.each([
    [{ ...irisReplay, task: 'clustering' }, '/task'],
    [{ ...irisReplay, model: '../../etc/passwd' }, '/model'],
    [{ ...irisReplay, model: '/abs/model.onnx' }, '/model'],
    [{ ...irisReplay, predictions: 'eval\\p.csv' }, '/predictions'],
    [{ ...irisReplay, metrics: [] }, '/metrics'],
    [{ ...irisReplay, metrics: [{ name: 'rmse' }] }, '/metrics/0/name'],
    [{ ...irisReplay, metrics: [{ name: 'accuracy' }, { name: 'accuracy' }] }, '/metrics/1/name'],
    [{ ...irisReplay, metrics: [{ name: 'accuracy', tolerance: { abs: -1 } }] }, '/metrics/0/tolerance/abs'],
    [{ ...irisReplay, batchSize: 0 }, '/batchSize'],
    [{ ...irisReplay, batchSize: 1.5 }, '/batchSize'],
    [{ ...irisReplay, data: null }, '/data'],
    [{ ...irisReplay, data: { path: 'x', format: 'xlsx' } }, '/data/format'],
    [{ ...irisReplay, inputs: { a: ['f0'] } }, '/modelInput'],
    [{ ...irisReplay, modelInput: null, inputs: { a: [] } }, '/inputs/a'],
    [{ ...irisReplay, classes: ['a', 'a'] }, '/classes'],
    [{ ...irisReplay, conformsTo: 'urn:other' }, '/conformsTo'],
    [{ ...irisReplay, outputKind: 'scores' }, '/outputKind'],
    [{ task: 'tensor', model: 'm.onnx', metrics: [{ name: 'max_abs_error' }] }, '/cases'],
  ])('rejects %j at %s', (value, pointer) => {
    const errs = errors(value);
    expect(errs.map((p) => p.pointer)).toContain(pointer);
    for (const p of errs)
      expect(p).toMatchObject({
        code: 'replay-invalid',
        path: 'data/replay.json',
        rule: expect.stringContaining('section 3'),
      });
  });

  it('rejects non-objects without throwing', () => {
    expect(errors(null).length).toBeGreaterThan(0);
    expect(errors([1, 2]).length).toBeGreaterThan(0);
    expect(errors('replay').length).toBeGreaterThan(0);
  });

  it('warns about unknown fields but keeps the spec', () => {
    const { spec, problems } = parseReplaySpec({ ...irisReplay, seed: 3 });
    expect(spec).not.toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({ code: 'replay-unknown-field', pointer: '/seed', severity: 'warning' }),
    ]);
  });
});
