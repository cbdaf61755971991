import type { Dataset, Run } from '../../../common/schemas/bundle';
import { classifyAccess } from './access';
import { type CrateGraph, type Entity, hasType, isObject, localPath, refs, text, textOrId } from './graph';
import { readLicense, reportLicenseProblems } from './licenses';
import type { ProblemList } from './rules';

type Scalar = string | number | boolean | null;
const RUN_TYPES = ['CreateAction', 'ActivateAction', 'UpdateAction'];

/** The run: the action the root `mentions` (a CreateAction first), else the crate's only CreateAction. */
export function findRun(graph: CrateGraph, root: Entity | null, problems: ProblemList): Entity | null {
  const mentioned = root
    ? refs(graph, root.props['mentions'])
        .map((r) => r.entity)
        .filter((e): e is Entity => e !== null)
    : [];
  const run = mentioned.find((e) => hasType(e, 'CreateAction')) ?? mentioned.find((e) => hasType(e, ...RUN_TYPES));
  if (run) return run;
  const all = graph.ofType('CreateAction');
  if (all.length === 0) return null;
  const first = all[0] as Entity;
  problems.warn(
    'crate-run-not-mentioned',
    'run',
    `the root does not mention its run; using ${all.length === 1 ? 'the only' : 'the first of ' + all.length} CreateAction "${first.id}"`,
    { entity: first.id },
  );
  return first;
}

export function readRun(graph: CrateGraph, action: Entity, problems: ProblemList): Run {
  const parameters: Record<string, Scalar> = Object.create(null) as Record<string, Scalar>;
  const metrics: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const { id, entity } of refs(graph, action.props['object'])) {
    if (!entity || !hasType(entity, 'PropertyValue')) continue;
    const name = text(entity.props['name']);
    if (name === null) {
      problems.warn('parameter-no-name', 'parameter', `parameter "${id}" has no name; ignored`, { entity: id });
      continue;
    }
    if (name in parameters)
      problems.warn('parameter-duplicate', 'parameter', `parameter "${name}" is given twice; the first is kept`, {
        entity: id,
      });
    else parameters[name] = scalar(entity.props['value']);
  }
  for (const { id, entity } of refs(graph, action.props['result'])) {
    if (!entity || !hasType(entity, 'PropertyValue')) continue;
    const name = text(entity.props['name']);
    const value = numeric(entity.props['value']);
    if (name === null) {
      problems.warn('metric-no-name', 'metric', `metric "${id}" has no name; ignored`, { entity: id });
    } else if (value === null) {
      problems.warn('metric-not-number', 'metric', `metric "${name}" has a value that is not a number; ignored`, {
        entity: id,
        actual: String(text(entity.props['value'])),
      });
    } else if (name in metrics) {
      problems.warn('metric-duplicate', 'metric', `metric "${name}" is given twice; the first is kept`, { entity: id });
    } else {
      metrics[name] = value;
    }
  }
  return {
    id: action.id,
    name: text(action.props['name']),
    hypothesis: text(action.props['description']),
    startTime: text(action.props['startTime']),
    endTime: text(action.props['endTime']),
    agent: refs(graph, action.props['agent'])[0]?.id || null,
    parameters: { ...parameters },
    metrics: { ...metrics },
  };
}

/** Data sets: File or Dataset entities in the run's object (parameters are PropertyValues, not data). */
export function readDatasets(
  graph: CrateGraph,
  action: Entity,
  inherited: { license: string | null; accessRaw: string | null },
  payloadSha: (path: string) => string | null,
  problems: ProblemList,
): Dataset[] {
  const out: Dataset[] = [];
  for (const { id, entity } of refs(graph, action.props['object'])) {
    if (entity ? !hasType(entity, 'File', 'Dataset') : id === '' || id.startsWith('#')) continue;
    const props = entity?.props ?? {};
    const lic = entity && props['license'] !== undefined ? readLicense(graph, props['license']) : null;
    if (lic) reportLicenseProblems(lic, id, problems);
    const local = localPath(id);
    const accessRaw = text(props['conditionsOfAccess']) ?? inherited.accessRaw; // as for files: own, else the root's
    out.push({
      id,
      name: text(props['name']),
      version: text(props['version']) ?? text(props['softwareVersion']),
      url: textOrId(props['url']) ?? (local === null && !id.startsWith('#') ? id : null),
      identifier: text(props['identifier']), // literal text only: a reference is a fingerprint entity, not an origin
      license: lic?.license ?? inherited.license,
      access: classifyAccess(accessRaw),
      sha256: (local && payloadSha(local.decoded)) ?? text(props['sha256']),
    });
  }
  return out;
}

function scalar(v: unknown): Scalar {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isObject(v) && '@value' in v) return scalar(v['@value']);
  if (Array.isArray(v) && v.length === 1) return scalar(v[0]);
  return v === undefined ? null : JSON.stringify(v); // structured values are shown as written
}

/** Numbers, and numbers written as text ("0.93"), which is common; anything else is not a metric. */
function numeric(v: unknown): number | null {
  const s = scalar(v);
  if (typeof s === 'number') return Number.isFinite(s) ? s : null;
  if (typeof s === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s)) return Number(s);
  return null;
}
