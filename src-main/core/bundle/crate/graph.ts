import type { ProblemList } from './rules';

/**
 * The JSON-LD `@graph` as a lookup table, with helpers for the forms seen in the wild: a single value
 * or an array, `{"@id": …}` references or inline strings, `@type` as a string or an array.
 * Values stay as written (metadata is data: nothing is evaluated or rewritten).
 */
export type JsonObject = Record<string, unknown>;
export interface Entity {
  id: string;
  types: string[];
  props: JsonObject;
}

export class CrateGraph {
  readonly entities: Entity[] = [];
  private readonly byId = new Map<string, Entity>();
  private readonly byPath = new Map<string, Entity>(); // local path form ('./' stripped, %-decoded)

  add(entity: Entity): boolean {
    if (this.byId.has(entity.id)) return false;
    this.entities.push(entity);
    this.byId.set(entity.id, entity);
    const p = localPath(entity.id);
    if (p !== null && !this.byPath.has(p.decoded)) this.byPath.set(p.decoded, entity);
    return true;
  }

  /** Exact @id first, then the same local path written differently (`./a%20b` for `a b`). */
  get(id: string): Entity | undefined {
    const exact = this.byId.get(id);
    if (exact) return exact;
    const p = localPath(id);
    return p ? this.byPath.get(p.decoded) : undefined;
  }

  ofType(type: string): Entity[] {
    return this.entities.filter((e) => e.types.includes(type));
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function typesOf(v: JsonObject): string[] {
  return asArray(v['@type']).filter((t): t is string => typeof t === 'string');
}

export function hasType(e: Entity, ...types: string[]): boolean {
  return types.some((t) => e.types.includes(t));
}

/** Ids referenced by a property: `{"@id": x}` objects and bare strings (an inline reference). */
export function refIds(v: unknown): string[] {
  const out: string[] = [];
  for (const item of asArray(v)) {
    if (typeof item === 'string') out.push(item);
    else if (isObject(item) && typeof item['@id'] === 'string') out.push(item['@id']);
  }
  return out;
}

/**
 * Entities a property points to. Inline objects without an @id count as anonymous entities;
 * a reference to an id that is not in the graph comes back as `{id, missing: true}`.
 */
export function refs(graph: CrateGraph, v: unknown): { id: string; entity: Entity | null }[] {
  const out: { id: string; entity: Entity | null }[] = [];
  for (const item of asArray(v)) {
    if (typeof item === 'string') out.push({ id: item, entity: graph.get(item) ?? null });
    else if (isObject(item) && typeof item['@id'] === 'string') {
      const inGraph = graph.get(item['@id']);
      const inline = Object.keys(item).length > 1 ? { id: item['@id'], types: typesOf(item), props: item } : null;
      out.push({ id: item['@id'], entity: inGraph ?? inline });
    } else if (isObject(item)) {
      out.push({ id: '', entity: { id: '', types: typesOf(item), props: item } });
    }
  }
  return out;
}

/** A literal string: a string, a number written as text, or a JSON-LD value object; references are not text. */
export function text(v: unknown): string | null {
  for (const item of asArray(v)) {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    if (isObject(item) && '@value' in item && !('@id' in item)) {
      const inner = item['@value'];
      if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') return String(inner);
    }
  }
  return null;
}

/** Text or, failing that, the id of a reference (for properties like `identifier` written either way). */
export function textOrId(v: unknown): string | null {
  return text(v) ?? refIds(v)[0] ?? null;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The payload-relative path an @id names, or null for absolute URIs and `#local` identifiers. */
export function localPath(id: string): { raw: string; decoded: string } | null {
  if (id === '' || id.startsWith('#') || SCHEME.test(id)) return null;
  let raw = id;
  while (raw.startsWith('./') && raw.length > 2) raw = raw.slice(2);
  if (raw === './') return null; // the root itself
  return { raw, decoded: percentDecode(raw) };
}

export function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray % stays as written
  }
}

/** Is an @id a valid URI reference? Spaces, controls and a `%` not followed by two hex digits are not. */
export function isUriReference(id: string): boolean {
  return !/[\s\u0000-\u001f"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})/.test(id);
}

export function readGraph(doc: unknown, problems: ProblemList): CrateGraph | null {
  if (!isObject(doc) || !Array.isArray(doc['@graph'])) {
    problems.error('crate-no-graph', 'graph', 'ro-crate-metadata.json has no "@graph" array', {
      entity: 'ro-crate-metadata.json',
    });
    return null;
  }
  const graph = new CrateGraph();
  doc['@graph'].forEach((item, index) => {
    if (!isObject(item) || typeof item['@id'] !== 'string') {
      problems.warn('crate-entity-no-id', 'graph', `@graph[${index}] is not an entity with a string "@id"; ignored`, {
        pointer: `/@graph/${index}`,
      });
      return;
    }
    const entity: Entity = { id: item['@id'], types: typesOf(item), props: item };
    if (!graph.add(entity)) {
      problems.warn(
        'crate-duplicate-id',
        'duplicateId',
        `"${entity.id}" appears more than once in @graph; the first is used`,
        { entity: entity.id, pointer: `/@graph/${index}` },
      );
    }
  });
  return graph;
}
