import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

// SQL lives in src-main/core/store (repos and migrations) only (DESIGN.md): prove the rule bites, at error level.
const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function sqlErrors(file: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2 && m.ruleId === 'no-restricted-syntax').length;
}

describe('SQL outside the store (DESIGN.md)', () => {
  it('refuses SQL in strings and template literals outside src-main/core/store', async () => {
    expect(
      await sqlErrors('src-main/core/services/x.ts', "export const q = 'SELECT name FROM bundles WHERE digest = ?';\n"),
    ).toBe(1);
    expect(
      await sqlErrors(
        'src-main/core/audit/x.ts',
        'export const q = (t: string) => `SELECT count(*) AS n FROM ${t}`;\n',
      ),
    ).toBe(1);
    expect(
      await sqlErrors('src-main/core/drift/x.ts', 'export const q = "INSERT INTO drift_alerts (id) VALUES (?)";\n'),
    ).toBe(1);
    expect(
      await sqlErrors(
        'src-main/core/drift/x.ts',
        "export const q = 'INSERT OR REPLACE INTO bundle_pipelines (digest) VALUES (?)';\n",
      ),
    ).toBe(1);
    expect(
      await sqlErrors('src-main/core/audit/x.ts', "export const q = 'UPDATE audit_verified SET touched_seq = NULL';\n"),
    ).toBe(1);
    expect(await sqlErrors('src-main/core/services/x.ts', "export const q = 'DELETE FROM bundle_tag_files';\n")).toBe(
      1,
    );
    expect(await sqlErrors('src-main/cli/x.ts', "export const q = 'CREATE INDEX i ON t (c)';\n")).toBe(1);
    expect(await sqlErrors('src-main/host/x.ts', "export const q = 'SELECT 1';\n")).toBe(1);
    expect(
      await sqlErrors(
        'src-main/core/governance/x.ts',
        "export const q = 'SELECT email FROM module_owners WHERE module = ?';\n",
      ),
    ).toBe(1);
  });

  it('lets the store hold SQL, and prose through', async () => {
    expect(
      await sqlErrors(
        'src-main/core/store/repos/x-repo.ts',
        "export const q = 'SELECT name FROM bundles WHERE digest = ?';\n",
      ),
    ).toBe(0);
    expect(
      await sqlErrors('src-main/core/store/migrations/0099-x.ts', "export const q = 'CREATE TABLE t (c TEXT)';\n"),
    ).toBe(0);
    expect(
      await sqlErrors(
        'src-main/core/services/x.ts',
        "export const m = 'Select a bundle to update; delete from the list';\n",
      ),
    ).toBe(0);
  });

  it('exempts the MLflow reader: it reads a foreign tracking database, not the store', async () => {
    expect(
      await sqlErrors('src-main/core/mlflow/sqlite-store.ts', "export const q = 'SELECT run_uuid FROM runs';\n"),
    ).toBe(0);
    expect(await sqlErrors('src-main/core/mlflow/x.ts', "export const q = 'SELECT run_uuid FROM runs';\n")).toBe(1);
  });
});
