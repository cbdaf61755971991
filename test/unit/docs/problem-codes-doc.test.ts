import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemCodeDomains, problemCodeSchema, problemSchema } from '../../../src-main/common';

// docs/cli.md's "Problem codes" table is printed from the enums, so the contract cannot drift from the code.
// After adding a code: UPDATE_DOCS=1 npx vitest run test/unit/docs/problem-codes-doc.test.ts
const root = path.resolve(__dirname, '../../..');
const docFile = path.join(root, 'docs/cli.md');
const start = '<!-- problem-codes:start (printed by test/unit/docs/problem-codes-doc.test.ts) -->';
const end = '<!-- problem-codes:end -->';

/** The domain's doc comment, read from its file: the one place that says what the domain covers. */
function domainSummary(domain: string): string {
  const source = readFileSync(path.join(root, `src-main/common/problem-codes/${domain}.ts`), 'utf8');
  const comment = /\/\*\*([\s\S]*?)\*\/\s*export const/.exec(source)?.[1] ?? '';
  return comment
    .replace(/^\s*\* ?/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function codesTable(): string {
  const rows = Object.entries(problemCodeDomains).map(
    ([domain, schema]) =>
      `| ${domain} | ${domainSummary(domain).replace(/\|/g, '\\|')} | ${schema.options.map((c) => `\`${c}\``).join(' ')} |`,
  );
  return [start, '| domain | what it covers | codes |', '| --- | --- | --- |', ...rows, end].join('\n');
}

describe('problem codes', () => {
  it('docs/cli.md lists every code of every domain, as the enums hold them', () => {
    const doc = readFileSync(docFile, 'utf8');
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    expect(from, `docs/cli.md has no "${start}" marker`).toBeGreaterThan(-1);
    const current = doc.slice(from, to + end.length);
    if (process.env.UPDATE_DOCS === '1' && current !== codesTable()) {
      writeFileSync(docFile, doc.slice(0, from) + codesTable() + doc.slice(to + end.length));
      return;
    }
    expect(
      current,
      'docs/cli.md is behind the problem-code enums: run UPDATE_DOCS=1 npx vitest run test/unit/docs/problem-codes-doc.test.ts',
    ).toBe(codesTable());
  });

  it('no code belongs to two domains, and every code is kebab-case', () => {
    const all = Object.values(problemCodeDomains).flatMap((s) => [...s.options]);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((c) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c))).toEqual([]);
    expect([...problemCodeSchema.options].sort()).toEqual([...all].sort());
  });

  it('a problem with an unknown code is refused: codes are made here, never read from a bundle', () => {
    expect(problemSchema.safeParse({ code: 'checksum-mismatch', message: 'x' }).success).toBe(true);
    expect(problemSchema.safeParse({ code: 'checksum-mismatched', message: 'x' }).success).toBe(false);
  });
});
