import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

// The import directions of DESIGN.md are lint errors, not warnings: prove each boundary bites.
const eslint = new ESLint({ cwd: path.resolve(__dirname, '../../..') });

async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '../../..', file) });
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2 && m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import directions (DESIGN.md)', () => {
  it('keeps Node and core out of the renderer', async () => {
    expect(
      await errorsFor('src-renderer/features/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"),
    ).not.toHaveLength(0);
    expect(
      await errorsFor(
        'src-renderer/features/x.ts',
        "import { openStore } from '../../src-main/core/store/store';\nexport const a = openStore;\n",
      ),
    ).not.toHaveLength(0);
    expect(
      await errorsFor(
        'src-renderer/features/x.ts',
        "import { contract } from '../../src-main/common/contract';\nexport const a = contract;\n",
      ),
    ).toHaveLength(0);
  });

  it('keeps store and api out of presentational components', async () => {
    expect(
      await errorsFor(
        'src-renderer/components/x.tsx',
        "import { call } from '../api/client';\nexport const a = call;\n",
      ),
    ).not.toHaveLength(0);
  });

  it('keeps electron and react out of core, and core out of common', async () => {
    expect(
      await errorsFor('src-main/core/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).not.toHaveLength(0);
    expect(
      await errorsFor('src-main/core/services/x.ts', "import React from 'react';\nexport const a = React;\n"),
    ).not.toHaveLength(0);
    expect(
      await errorsFor(
        'src-main/common/x.ts',
        "import { openStore } from '../core/store/store';\nexport const a = openStore;\n",
      ),
    ).not.toHaveLength(0);
    expect(
      await errorsFor('src-main/common/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"),
    ).not.toHaveLength(0);
  });

  it('keeps electron out of the CLI and the preview host', async () => {
    expect(
      await errorsFor('src-main/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).not.toHaveLength(0);
    expect(
      await errorsFor('src-main/host/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).not.toHaveLength(0);
  });
});
