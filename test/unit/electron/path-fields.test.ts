import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, type Channel } from '../../../src-main/common/contract';
import { pathHandleSchema } from '../../../src-main/common/schemas/path-ref';
import { createPathHandles } from '../../../src-main/electron/path-handles';
import { pathFields, resolvePathHandles } from '../../../src-main/electron/ipc/path-fields';

/** Where in a request schema a path handle is accepted: the contract's own list of path fields. */
function handleFieldsOf(schema: z.ZodType, at: string[] = []): string[][] {
  if (schema === (pathHandleSchema as z.ZodType)) return [at];
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const found: string[][] = [];
  if (def['type'] === 'object') {
    for (const [key, child] of Object.entries(def['shape'] as Record<string, z.ZodType>))
      found.push(...handleFieldsOf(child, [...at, key]));
  } else if (def['type'] === 'union') {
    const options = def['options'] as z.ZodType[];
    if (options.includes(pathHandleSchema as z.ZodType)) return [at];
    for (const option of options) found.push(...handleFieldsOf(option, at));
  } else if (def['innerType']) {
    found.push(...handleFieldsOf(def['innerType'] as z.ZodType, at));
  } else if (def['type'] === 'pipe') {
    found.push(...handleFieldsOf(def['in'] as z.ZodType, at));
  }
  return found;
}

function setup() {
  const handles = createPathHandles();
  return {
    handles,
    folder: handles.issue('read-folder', '/home/me/runs/iris'),
    file: handles.issue('read-file', '/home/me/in/run.bundle.zip'),
    save: handles.issue('write-file', '/home/me/out/iris.bundle.zip'),
  };
}

describe('path fields in the desktop app (issue 13)', () => {
  it('lists exactly the contract fields that take a path handle', () => {
    const fromContract = Object.fromEntries(
      Object.entries(contract)
        .map(
          ([channel, c]) =>
            [
              channel,
              handleFieldsOf(c.request as z.ZodType)
                .map((at) => at.join('.'))
                .sort(),
            ] as const,
        )
        .filter(([, at]) => at.length > 0),
    );
    const listed = Object.fromEntries(
      Object.entries(pathFields).map(([channel, fields]) => [channel, fields!.map((f) => f.at.join('.')).sort()]),
    );
    expect(listed).toEqual(fromContract);
    expect(Object.keys(listed).sort()).toEqual([
      'bundles:export',
      'import:start',
      'mlflow:plan',
      'mlflow:write',
      'pack:init',
      'pack:plan',
      'pack:write',
      'registry:setCaFile',
    ]);
  });

  it('replaces handles by the paths the user picked, leaving the renderer’s object and other fields alone', () => {
    const { handles, folder, save, file } = setup();
    const request = { dir: { handle: folder }, output: { handle: save }, sign: true };
    expect(resolvePathHandles('pack:write', request, handles)).toEqual({
      ok: true,
      value: { dir: '/home/me/runs/iris', output: '/home/me/out/iris.bundle.zip', sign: true },
    });
    expect(request.dir).toEqual({ handle: folder });
    expect(resolvePathHandles('import:start', { source: { kind: 'path', path: { handle: file } } }, handles)).toEqual({
      ok: true,
      value: { source: { kind: 'path', path: '/home/me/in/run.bundle.zip' } },
    });
    // "Import it now" reads back the bundle just written through the handle it was written to.
    expect(resolvePathHandles('import:start', { source: { kind: 'path', path: { handle: save } } }, handles).ok).toBe(
      true,
    );
    expect(resolvePathHandles('mlflow:plan', { path: { handle: file } }, handles).ok).toBe(true); // an mlflow.db
  });

  it('refuses a typed path on every path field, before anything runs', () => {
    const { handles, folder, save } = setup();
    const typed: [Channel, unknown][] = [
      ['import:start', { source: { kind: 'path', path: '/etc/passwd' } }],
      ['pack:plan', { dir: '/home/me/.ssh' }],
      ['pack:write', { dir: { handle: folder }, output: '/home/me/.bashrc' }],
      ['mlflow:plan', { path: '/' }],
      ['mlflow:write', { path: { handle: folder }, output: '/tmp/x.zip' }],
      ['bundles:export', { digest: 'a'.repeat(64), output: '/home/me/.config/autostart/x.zip' }],
    ];
    for (const [channel, request] of typed) {
      const result = resolvePathHandles(channel, request, handles);
      expect(result.ok, channel).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('refused');
        expect(result.error.message).toMatch(/takes only a path chosen in its dialog/);
      }
    }
    expect(resolvePathHandles('pack:write', { dir: { handle: folder }, output: { handle: save } }, handles).ok).toBe(
      true,
    );
  });

  it('refuses unknown handles and handles picked for something else', () => {
    const { handles, folder, file, save } = setup();
    const unknown = resolvePathHandles('pack:plan', { dir: { handle: 'A'.repeat(43) } }, handles);
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/unknown path handle/) },
    });
    // A folder opened for reading is no place to write, and a file chosen to save is not a run folder.
    expect(
      resolvePathHandles('bundles:export', { digest: 'a'.repeat(64), output: { handle: folder } }, handles),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/chosen as a folder to open, but this needs a file to save/) },
    });
    expect(resolvePathHandles('pack:write', { dir: { handle: save }, output: { handle: save } }, handles).ok).toBe(
      false,
    );
    expect(resolvePathHandles('pack:write', { dir: { handle: folder }, output: { handle: file } }, handles).ok).toBe(
      false,
    );
    // A bag folder chosen to open imports like a zip.
    expect(resolvePathHandles('import:start', { source: { kind: 'path', path: { handle: folder } } }, handles).ok).toBe(
      true,
    );
  });

  it('leaves channels without paths, the sample import and malformed requests to the contract', () => {
    const { handles } = setup();
    expect(resolvePathHandles('bundles:list', { query: '/etc' }, handles)).toEqual({
      ok: true,
      value: { query: '/etc' },
    });
    expect(resolvePathHandles('import:start', { source: { kind: 'sample' } }, handles)).toEqual({
      ok: true,
      value: { source: { kind: 'sample' } },
    });
    expect(resolvePathHandles('pack:plan', null, handles)).toEqual({ ok: true, value: null });
    expect(resolvePathHandles('pack:plan', { dir: 42 }, handles)).toEqual({ ok: true, value: { dir: 42 } });
  });
});
