import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// No import cycles in src-main (DESIGN.md, issue 14): neither between files nor between the modules of core
// (core/audit, core/bundle, …: a module imports those below it, never one that imports it back). Type-only
// imports count: a cycle of types is still two modules that cannot be understood, tested or moved apart.
const root = path.resolve(__dirname, '../../..');
const srcMain = path.join(root, 'src-main');

type Graph = Map<string, Map<string, string>>; // node → (imported node → one import that makes the edge)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file a relative specifier names, as the bundler resolves it (x.ts, x.tsx, x/index.ts); null for packages. */
export function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    base.replace(/\.[mc]?js$/, '.ts'),
    base,
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Every file of src-main and the files it imports (import, import type, export … from, import(), require). */
export function fileGraph(files: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const edges = new Map<string, string>();
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const target = resolveImport(file, ref.fileName);
      if (target && target !== file) edges.set(target, `${rel(file)} imports '${ref.fileName}'`);
    }
    graph.set(file, edges);
  }
  return graph;
}

const rel = (file: string) => path.relative(srcMain, file).split(path.sep).join('/');

/** The module a file belongs to: core/<folder> (or core/<file> at core's root), else src-main's top folder. */
export function moduleOf(file: string): string {
  const parts = rel(file).split('/');
  if (parts[0] === 'core' && parts.length > 1) return `core/${parts[1]!.replace(/\.tsx?$/, '')}`;
  return parts[0]!;
}

export function moduleGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  for (const [file, edges] of files) {
    const from = moduleOf(file);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const [target, why] of edges) {
      const to = moduleOf(target);
      if (to !== from && !graph.get(from)!.has(to)) graph.get(from)!.set(to, why);
    }
  }
  return graph;
}

/** One cycle per strongly connected component (Tarjan), each as the path around it with the import behind each step. */
export function cycles(graph: Graph): string[] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.add(w);
      if (w === v) break;
    }
    if (component.size > 1) found.push(describeCycle(graph, component));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** The shortest way back to the start inside the component, e.g. "a → b → a (a/x.ts imports '../b/y'; …)". */
function describeCycle(graph: Graph, component: Set<string>): string {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  let end: string | null = null;
  while (queue.length > 0 && end === null) {
    const v = queue.shift()!;
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        end = v;
        break;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const steps = [start];
  for (let v = end!; v !== start; v = previous.get(v)!) steps.splice(1, 0, v);
  steps.push(start);
  const name = (n: string) => (path.isAbsolute(n) ? rel(n) : n);
  const why = steps.slice(0, -1).map((v, i) => graph.get(v)!.get(steps[i + 1]!)!);
  const knot =
    component.size > steps.length - 1
      ? `\n    (one of the cycles among ${[...component].map(name).sort().join(', ')})`
      : '';
  return `${steps.map(name).join(' → ')}\n    ${why.join('\n    ')}${knot}`;
}

describe('import cycles (DESIGN.md)', () => {
  const files = fileGraph(sourceFiles(srcMain));

  it('finds no cycle between the files of src-main', () => {
    expect(cycles(files), 'break each cycle: move what both sides need below them').toEqual([]);
  });

  it('finds no cycle between the modules of core (and cli, electron, host, common)', () => {
    expect(
      cycles(moduleGraph(files)),
      'a module imports only modules below it: move the shared part down, or pass it in from above',
    ).toEqual([]);
  });

  it('names a cycle it finds, with the imports that make it', () => {
    const a = path.join(srcMain, 'core/a/x.ts');
    const b = path.join(srcMain, 'core/b/y.ts');
    const c = path.join(srcMain, 'core/c/z.ts');
    const graph: Graph = new Map([
      [a, new Map([[b, "core/a/x.ts imports '../b/y'"]])],
      [b, new Map([[a, "core/b/y.ts imports '../a/x'"]])],
      [c, new Map([[a, "core/c/z.ts imports '../a/x'"]])],
    ]);
    expect(cycles(graph)).toEqual([
      "core/a/x.ts → core/b/y.ts → core/a/x.ts\n    core/a/x.ts imports '../b/y'\n    core/b/y.ts imports '../a/x'",
    ]);
    expect(cycles(moduleGraph(graph))[0]).toMatch(/^core\/a → core\/b → core\/a\n/);
  });
});
