import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModelSafety } from '../../../../src-main/core/replay/model-safety';

const fixtures = path.resolve(__dirname, '../../../fixtures/replay');
const work = mkdtempSync(path.join(os.tmpdir(), 'model-safety-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Copies a hostile fixture into its own folder (with a secret beside that folder) and checks it. */
function check(name: string, prepare?: (dir: string) => void) {
  const dir = path.join(work, name, 'model');
  rmSync(path.join(work, name), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(work, name, 'secret.bin'), 'secret');
  const file = path.join(dir, 'model.onnx');
  copyFileSync(path.join(fixtures, 'hostile', `${name}.onnx`), file);
  prepare?.(dir);
  return checkModelSafety(file, dir);
}

describe('checkModelSafety', () => {
  it('accepts the sample model and a model whose external data stays in its folder', () => {
    expect(
      checkModelSafety(path.join(fixtures, 'regression/model/model.onnx'), path.join(fixtures, 'regression/model')),
    ).toEqual([]);
    expect(
      checkModelSafety(
        path.join(fixtures, 'regression-npy/model/model.onnx'),
        path.join(fixtures, 'regression-npy/model'),
      ),
    ).toEqual([]);
  });

  it.each([
    ['ext-dotdot', '".." segment'],
    ['ext-absolute', 'absolute path'],
    ['ext-backslash', 'backslash'],
    ['ext-missing-inside', '".." segment'],
    ['ext-subgraph', '".." segment'],
  ])('refuses %s (%s)', (name, why) => {
    const problems = check(name);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'model-external-data-outside' });
    expect(problems[0]!.message).toContain(why);
  });

  it('refuses external data behind a symlink leading outside the folder', () => {
    const problems = check('ext-symlink', (dir) =>
      symlinkSync(path.join(dir, '..', 'secret.bin'), path.join(dir, 'link.bin')),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'model-external-data-outside', actual: 'link.bin' })]);
    expect(problems[0]!.message).toContain('symbolic link');
  });

  it('accepts the same location when it is a real file inside the folder', () => {
    expect(check('ext-symlink', (dir) => writeFileSync(path.join(dir, 'link.bin'), Buffer.alloc(4)))).toEqual([]);
  });

  it('reports external data that is missing', () => {
    expect(check('ext-symlink')).toEqual([expect.objectContaining({ code: 'model-external-data-missing' })]);
  });

  it('refuses a custom operator domain, naming it and its operators', () => {
    const problems = check('custom-domain');
    expect(problems).toEqual([expect.objectContaining({ code: 'model-custom-op-domain', actual: 'com.example.evil' })]);
    expect(problems[0]!.message).toContain('Evil');
  });

  it("allows the domain of the model's own local function", () => {
    expect(check('local-function-ok')).toEqual([]);
  });

  it('reports bytes that are not a model', () => {
    expect(check('not-onnx')).toEqual([expect.objectContaining({ code: 'model-unreadable' })]);
  });
});
