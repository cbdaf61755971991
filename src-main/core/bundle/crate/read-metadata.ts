import { z } from 'zod';
import type { Problem } from '../../../common/problem';
import {
  type BundleMetadata,
  type Environment,
  type Person,
  bundleMetadataSchema,
  environmentSchema,
} from '../../../common/schemas/bundle';
import { parseReplaySpec, type ReplaySpec } from '../replay-spec';
import { parseJsonSafely } from '../safe-json';
import { scoreCompleteness } from './completeness';
import { CrateGraph, type Entity, hasType, localPath, readGraph, refs, text } from './graph';
import { readLicense, reportLicenseProblems } from './licenses';
import { readFiles, relPath } from './read-files';
import { findRun, readDatasets, readRun } from './read-run';
import { readModules, readPipeline } from './read-software';
import { ProblemList, RULES } from './rules';
import { readStructure } from './structure';

export interface MetadataInput {
  // Text, or the raw bytes (preferred: then invalid UTF-8 is reported instead of silently replaced).
  crateJson: string | Uint8Array | null; // data/ro-crate-metadata.json (null when absent)
  replayJson: string | Uint8Array | null; // data/replay.json
  environmentJson: string | Uint8Array | null; // data/env/environment.json
  // 'data/...' paths with the manifest's SHA-256 (authoritative)
  payload: { path: string; size: number; sha256: string }[];
  weakHashes: boolean; // the bag had only md5/sha1 manifests
}

const CRATE_PATH = 'data/ro-crate-metadata.json';
const documentSchema = z.object({ '@graph': z.array(z.unknown()) }).catchall(z.unknown());

/** Reads a bundle's metadata into the typed model. Never throws on bad input: problems instead. */
export function readBundleMetadata(input: MetadataInput): BundleMetadata {
  try {
    return read(input);
  } catch (e) {
    // A bug in the reader must not take the importer down with it; say so plainly.
    const meta = emptyMetadata();
    meta.problems.push({
      code: 'metadata-internal-error',
      message: `metadata could not be read: ${e instanceof Error ? e.message : String(e)}`,
      severity: 'error',
    });
    return { ...meta, completeness: scoreCompleteness(meta, input.weakHashes) };
  }
}

/** The metadata of a bundle whose metadata files could not be read at all (too large, not UTF-8): only the problem. */
export function unreadableMetadata(problem: Problem, weakHashes: boolean): BundleMetadata {
  const meta = emptyMetadata();
  meta.problems.push({ ...problem, severity: 'error' });
  return { ...meta, completeness: scoreCompleteness(meta, weakHashes) };
}

function emptyMetadata(): Omit<BundleMetadata, 'completeness'> {
  return {
    name: null,
    description: null,
    datePublished: null,
    license: null,
    conformsTo: [],
    crateVersion: null,
    author: null,
    people: [],
    run: null,
    files: [],
    modules: [],
    pipeline: null,
    datasets: [],
    environment: null,
    replay: null,
    problems: [],
  };
}

function read(input: MetadataInput): BundleMetadata {
  const problems = new ProblemList();
  const meta = emptyMetadata();
  meta.environment = readEnvironment(input.environmentJson, problems);
  const replay = readReplay(input.replayJson, problems);
  meta.replay = replay;

  if (input.crateJson === null)
    problems.error('crate-missing', 'descriptor', 'the bundle has no data/ro-crate-metadata.json', {
      entity: 'ro-crate-metadata.json',
      path: CRATE_PATH,
    });
  const doc = input.crateJson === null ? null : parseCrate(input.crateJson, problems);
  const graph = doc ? readGraph(doc, problems) : null;
  const structure = doc && graph ? readStructure(doc, graph, problems) : null;
  const root = structure?.root ?? null;
  const g = graph ?? new CrateGraph();

  let run: Entity | null = null;
  if (root) {
    meta.name = text(root.props['name']);
    meta.description = text(root.props['description']);
    meta.datePublished = text(root.props['datePublished']);
    if (root.props['license'] !== undefined) {
      const lic = readLicense(g, root.props['license']);
      reportLicenseProblems(lic, root.id, problems);
      meta.license = lic.license;
    }
  }
  if (structure) {
    meta.conformsTo = structure.conformsTo;
    meta.crateVersion = structure.crateVersion;
  }
  if (graph) {
    meta.people = readPeople(graph, structure?.strict ?? false, problems);
    meta.author = root ? readAuthor(graph, root, meta.people) : null;
    run = findRun(graph, root, problems);
    meta.run = run ? readRun(graph, run, problems) : null;
    meta.modules = readModules(graph, problems);
    meta.pipeline = readPipeline(graph, run, meta.modules, problems);
  }
  const shaByPath = new Map(input.payload.map((p) => [relPath(p.path), p.sha256 || null]));
  if (run)
    meta.datasets = readDatasets(
      g,
      run,
      { license: meta.license, accessRaw: root ? text(root.props['conditionsOfAccess']) : null },
      (p) => shaByPath.get(p) ?? null,
      problems,
    );

  const runPaths = (key: 'object' | 'result') =>
    new Set(
      run
        ? refs(g, run.props[key])
            .map((r) => localPath(r.id)?.decoded)
            .filter((p): p is string => !!p)
        : [],
    );
  meta.files = readFiles(
    {
      graph: g,
      root,
      payload: input.payload,
      strict: structure?.strict ?? false,
      rootLicense: meta.license,
      roles: {
        moduleFiles: new Set(meta.modules.flatMap((m) => m.files)),
        runObjects: runPaths('object'),
        runResults: runPaths('result'),
        replayModel: replay?.model ?? null,
        replayData: new Set(
          [replay?.data?.path, ...(replay?.cases ?? []).flatMap((c) => Object.values(c.inputs))].filter(
            (p): p is string => !!p,
          ),
        ),
        replayResults: new Set(
          [replay?.predictions, ...(replay?.cases ?? []).flatMap((c) => Object.values(c.outputs))].filter(
            (p): p is string => !!p,
          ),
        ),
      },
    },
    problems,
  );
  if (replay) checkReplayAgainstBundle(replay, meta.run?.metrics ?? null, new Set(shaByPath.keys()), problems);

  meta.problems = problems.items;
  const full: BundleMetadata = { ...meta, completeness: scoreCompleteness(meta, input.weakHashes) };
  const checked = bundleMetadataSchema.safeParse(full);
  if (!checked.success) throw new Error(`model failed its schema: ${checked.error.issues[0]?.message ?? ''}`);
  return full;
}

function parseCrate(json: string | Uint8Array, problems: ProblemList): Record<string, unknown> | null {
  const parsed = parseJsonSafely(json, undefined, CRATE_PATH);
  if (!parsed.ok) {
    problems.push({ ...parsed.problem, entity: 'ro-crate-metadata.json', rule: RULES.json, severity: 'error' });
    return null;
  }
  const doc = documentSchema.safeParse(parsed.value);
  if (!doc.success) {
    problems.error(
      'crate-no-graph',
      'graph',
      'ro-crate-metadata.json is not a JSON-LD document with an "@graph" array',
      { entity: 'ro-crate-metadata.json', path: CRATE_PATH },
    );
    return null;
  }
  return doc.data;
}

function readEnvironment(json: string | Uint8Array | null, problems: ProblemList): Environment | null {
  if (json === null) return null;
  const path = 'data/env/environment.json';
  const parsed = parseJsonSafely(json, undefined, path);
  if (!parsed.ok) {
    problems.push({ ...parsed.problem, rule: RULES.environment, severity: 'error' });
    return null;
  }
  const env = environmentSchema.safeParse(parsed.value);
  if (env.success) return env.data;
  for (const issue of env.error.issues) {
    const pointer = issue.path.map((p) => '/' + String(p)).join('');
    problems.error(
      'environment-invalid',
      'environment',
      `environment.json${pointer ? ' ' + pointer : ''}: ${issue.message}`,
      { path, pointer },
    );
  }
  return null;
}

function readReplay(json: string | Uint8Array | null, problems: ProblemList): ReplaySpec | null {
  if (json === null) return null;
  const parsed = parseJsonSafely(json, undefined, 'data/replay.json');
  if (!parsed.ok) {
    problems.push({ ...parsed.problem, rule: 'BUNDLE-FORMAT section 3 (data/replay.json)', severity: 'error' });
    return null;
  }
  const { spec, problems: found } = parseReplaySpec(parsed.value);
  problems.push(...found);
  return spec;
}

function readPeople(graph: CrateGraph, strict: boolean, problems: ProblemList): Person[] {
  return graph.ofType('Person').map((e) => {
    if (strict && !/^mailto:|^https?:\/\/orcid\.org\//.test(e.id)) {
      problems.warn(
        'person-id-form',
        'personId',
        `Person "${e.id}" is identified neither by a mailto: address nor an ORCID URL`,
        { entity: e.id },
      );
    }
    return personOf(e);
  });
}

function personOf(e: Entity): Person {
  const email = text(e.props['email']) ?? (e.id.startsWith('mailto:') ? e.id.slice(7) : null);
  return { id: e.id, name: text(e.props['name']), email };
}

function readAuthor(graph: CrateGraph, root: Entity, people: Person[]): Person | null {
  const first = refs(graph, root.props['author'])[0];
  if (!first) return null;
  const known = people.find((p) => p.id === first.id);
  if (known) return known;
  if (first.entity && (hasType(first.entity, 'Person', 'Organization') || first.entity.types.length === 0))
    return personOf(first.entity);
  return { id: first.id, name: null, email: first.id.startsWith('mailto:') ? first.id.slice(7) : null };
}

function checkReplayAgainstBundle(
  replay: ReplaySpec,
  metrics: Record<string, number> | null,
  payload: Set<string>,
  problems: ProblemList,
): void {
  for (const m of replay.metrics) {
    if (!metrics || !(m.name in metrics)) {
      problems.error(
        'replay-metric-not-reported',
        'replayMetric',
        `replay.json compares "${m.name}", which the run's result does not report`,
        { path: 'data/replay.json', actual: m.name },
      );
    }
  }
  const paths = [
    replay.model,
    replay.data?.path,
    replay.predictions,
    ...(replay.cases ?? []).flatMap((c) => [...Object.values(c.inputs), ...Object.values(c.outputs)]),
  ];
  for (const p of paths) {
    if (!p) continue;
    const folder = p.replace(/\/?$/, '/');
    if (!payload.has(p) && ![...payload].some((q) => q.startsWith(folder))) {
      problems.error('replay-path-absent', 'replayPath', `replay.json names "${p}", which is not in the payload`, {
        path: `data/${p}`,
      });
    }
  }
}
