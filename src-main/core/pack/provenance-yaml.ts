import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { Problem } from '../../common/problem';
import type { PackCode } from '../../common/problem-codes';
import { parseReplaySpec } from '../bundle/replay-spec';
import { type ProvenanceFile, provenanceFileSchema } from './provenance-schema';

export const PROVENANCE_FILE = 'provenance.yaml';

export interface ProvenanceRead {
  provenance: ProvenanceFile | null;
  problems: Problem[]; // each with line and column in provenance.yaml
}

/**
 * Parses provenance.yaml: YAML errors, then the schema, then the replay spec it embeds, each problem at the
 * line and column of the value concerned (or of the nearest enclosing key when the value is missing).
 */
export function readProvenanceYaml(source: string): ProvenanceRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const pos = at(e.pos[0]);
    problems.push(problem('provenance-yaml', `${pos.line}:${pos.column}: ${e.message.split('\n')[0]}`, pos, ''));
  }
  if (problems.length > 0) return { provenance: null, problems };

  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = provenanceFileSchema.safeParse(value ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
      // an unknown key: point at the key itself
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push(located(doc, [...keys, key], at, 'unknown field (a typo?)', true));
      } else {
        problems.push(located(doc, keys, at, issue.message));
      }
    }
    return { provenance: null, problems };
  }
  if (parsed.data.replay) {
    const replay = parseReplaySpec(parsed.data.replay);
    for (const p of replay.problems) {
      const pointer = typeof p['pointer'] === 'string' ? p['pointer'] : '';
      const keys = pointer
        .split('/')
        .filter(Boolean)
        .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      const message = p.message.replace(/^replay\.json( \/[^:]*)?: /, '');
      const found = located(doc, ['replay', ...keys], at, message, p.code === 'replay-unknown-field');
      problems.push({ ...found, severity: p['severity'] ?? 'error' });
    }
    if (!replay.spec) return { provenance: null, problems };
  }
  return { provenance: parsed.data, problems };
}

function located(
  doc: Document,
  keys: (string | number)[],
  at: (offset: number) => { line: number; column: number },
  message: string,
  pointAtKey = false,
): Problem {
  let offset = 0;
  for (let n = keys.length; n >= 0; n--) {
    const node = pointAtKey && n === keys.length ? keyNode(doc, keys) : doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) {
      offset = node.range[0];
      break;
    }
  }
  const pos = at(offset);
  const where = keys.map(String).join('.');
  return problem('provenance-invalid', `${pos.line}:${pos.column}: ${where ? `${where}: ` : ''}${message}`, pos, where);
}

/** The key node of the last key (for "unknown field" the key is what is wrong). */
function keyNode(doc: Document, keys: (string | number)[]): unknown {
  const parent = doc.getIn(keys.slice(0, -1), true) as { items?: { key: unknown }[] } | undefined;
  const last = keys[keys.length - 1];
  return parent?.items?.find((pair) => isNode(pair.key) && (pair.key as { value?: unknown }).value === last)?.key;
}

function problem(code: PackCode, message: string, pos: { line: number; column: number }, field: string): Problem {
  return {
    code,
    message: `${PROVENANCE_FILE}:${message}`,
    path: PROVENANCE_FILE,
    line: pos.line,
    column: pos.column,
    ...(field ? { field } : {}),
    severity: 'error',
  };
}
