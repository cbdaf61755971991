import { describe, expect, it } from 'vitest';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Every package the shipped code imports at run time is a dependency, not a devDependency: electron-builder packs
// only `dependencies`, so a package found in devDependencies works in tests and is missing from the installed app
// (yazl, which writes every bundle, was one).
const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
// Provided by the runtime, not by node_modules.
const provided = new Set(['electron', ...builtinModules]);
// Brought by a dependency and used as that dependency's own copy: onnxruntime-node is the runtime
// @huggingface/transformers loads, so the replay must import the same one rather than pin another.
const broughtBy = new Map(
  Object.keys(pkg.dependencies).flatMap((dep) => {
    const own = JSON.parse(readFileSync(path.join(root, 'node_modules', dep, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(own.dependencies ?? {}).map((name) => [name, dep] as const);
  }),
);
const allowedIndirect = new Set(['onnxruntime-node']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The packages a file loads at run time: value imports, re-exports and import() calls; `import type` is erased. */
function runtimePackages(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

describe('runtime dependencies', () => {
  it('every package src-main and src-renderer import at run time is in dependencies', () => {
    const missing = new Set<string>();
    for (const dir of ['src-main', 'src-renderer']) {
      for (const file of sourceFiles(path.join(root, dir))) {
        for (const name of runtimePackages(file)) {
          const indirect = allowedIndirect.has(name) && broughtBy.has(name);
          if (!provided.has(name) && !(name in pkg.dependencies) && !indirect) {
            missing.add(`${name} (${path.relative(root, file)})`);
          }
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});
