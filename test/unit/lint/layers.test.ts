import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

// The layers of src-main (DESIGN.md, issue 14) are lint errors (scripts/eslint-layers.js): prove each rule bites, and
// that its message says what to do instead.
const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2 && m.ruleId === 'provdesk/layers')
    .map((m) => m.message);
}

const use = (what: string, from: string) => `import { ${what} } from '${from}';\nexport const a = ${what};\n`;

describe('layers (DESIGN.md)', () => {
  it('the CLI reaches core through core/services only', async () => {
    expect(await layerErrors('src-main/cli/commands/x.ts', use('openStore', '../../core/store/store'))).toEqual([
      expect.stringMatching(
        /^src-main\/cli reaches core only through core\/services: import it through core\/services .*not from core\/store$/,
      ),
    ]);
    expect(await layerErrors('src-main/cli/x.ts', use('readTeam', '../core/governance/team-store'))).toEqual([
      expect.stringContaining('import it through core/services'),
    ]);
    expect(
      await layerErrors(
        'src-main/cli/commands/x.ts',
        "export { verifyBundle } from '../../core/bundle/verify-bundle';\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src-main/cli/commands/x.ts',
        "export const load = () => import('../../core/audit/audit-log');\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors('src-main/cli/commands/x.ts', use('withStore', '../../core/services/store-session')),
    ).toEqual([]);
    expect(await layerErrors('src-main/cli/commands/x.ts', use('contract', '../../common/contract'))).toEqual([]);
  });

  it('Electron and the preview host reach core through core/services only', async () => {
    expect(await layerErrors('src-main/electron/x.ts', use('writeFileDurable', '../core/store/file-io'))).toEqual([
      expect.stringMatching(/^src-main\/electron reaches core only through core\/services.*not from core\/store$/),
    ]);
    expect(
      await layerErrors('src-main/electron/ipc/x.ts', use('scryptKeyProtector', '../../core/keys/key-protector')),
    ).toHaveLength(1);
    expect(await layerErrors('src-main/host/x.ts', use('workerScript', '../core/worker-script'))).toEqual([
      expect.stringMatching(/^src-main\/host reaches core only through core\/services.*not from core\/worker-script$/),
    ]);
    expect(await layerErrors('src-main/host/x.ts', use('routeDispatch', '../core/services/dispatch'))).toEqual([]);
  });

  it('the CLI does not import the preview host', async () => {
    expect(await layerErrors('src-main/cli/x.ts', use('serve', '../host/server'))).toEqual([
      expect.stringContaining('src-main/cli does not import src-main/host'),
    ]);
  });

  it('domain modules never import core/services; services import them', async () => {
    expect(await layerErrors('src-main/core/audit/x.ts', use('getBundle', '../services/bundle-queries'))).toEqual([
      expect.stringMatching(
        /^core\/audit is a domain module below core\/services and must not import it: move what it needs down/,
      ),
    ]);
    expect(
      await layerErrors('src-main/core/bundle-writer/x.ts', use('appVersion', '../services/app-paths')),
    ).toHaveLength(1);
    expect(await layerErrors('src-main/core/worker-script.ts', use('appRoot', './services/app-paths'))).toHaveLength(1);
    expect(await layerErrors('src-main/core/services/x.ts', use('appendAudit', '../audit/audit-log'))).toEqual([]);
    expect(await layerErrors('src-main/core/governance/x.ts', use('appendAudit', '../audit/audit-log'))).toEqual([]);
  });

  it('core/store, at the bottom, imports no other core module', async () => {
    expect(await layerErrors('src-main/core/store/x.ts', use('appendAudit', '../audit/audit-log'))).toEqual([
      expect.stringMatching(
        /^core\/store is the bottom layer and imports no other core module \(here core\/audit\): pass the behaviour in from above/,
      ),
    ]);
    expect(
      await layerErrors(
        'src-main/core/store/repos/x-repo.ts',
        "import type { Identity } from '../../governance/local-identity';\nexport type A = Identity;\n",
      ),
    ).toHaveLength(1);
    expect(await layerErrors('src-main/core/store/repos/x-repo.ts', use('encodeParams', '../sql-params'))).toEqual([]);
    expect(await layerErrors('src-main/core/store/x.ts', use('CodedError', '../../common/result'))).toEqual([]);
  });
});
