import { randomUUID } from 'node:crypto';
import { lstatSync, promises as fsp, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import { environmentSchema, type Environment } from '../../common/schemas/bundle';
import { unsafePathReason } from '../integrity/bag-path';
import { ENVIRONMENT_PATH, type BundleDescription } from '../bundle-writer/bundle-description';
import { parseJsonSafely } from '../bundle/safe-json';
import type { PayloadInput } from '../bundle-writer/write-bag-zip';
import { type WriteBundleOptions, type WrittenBundle, writeBundle } from '../bundle-writer/write-bundle';
import { environmentFromFolder } from './local-environment';
import { PROVENANCE_FILE, readProvenanceYaml } from './provenance-yaml';

export interface PackPlan {
  description: BundleDescription;
  sources: Map<string, PayloadInput>;
  warnings: Problem[];
}

const MAX_UNLISTED_SCAN = 10_000;
const MAX_PROVENANCE_BYTES = 4 * 1024 * 1024; // a description, not data: anything larger is a mistake
const MAX_ENVIRONMENT_BYTES = 4 * 1024 * 1024;

/**
 * Reads a run folder's provenance.yaml and checks every listed file: inside the folder, no symbolic link on
 * the way, a regular file. Throws CodedError('invalid-request') with the problems (line numbers included)
 * when the folder cannot be packed; what is merely missing comes back as warnings.
 */
export async function planPack(dir: string): Promise<PackPlan> {
  const root = path.resolve(dir);
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
    if (!lstatSync(rootReal).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    throw new CodedError('not-found', `${root} is not a readable folder: ${(e as Error).message}`);
  }
  let yamlText: string;
  try {
    const file = path.join(rootReal, PROVENANCE_FILE);
    if ((await fsp.lstat(file)).size > MAX_PROVENANCE_BYTES)
      throw new CodedError(
        'invalid-request',
        `${file} is larger than ${MAX_PROVENANCE_BYTES / 1024 / 1024} MiB; list files there, do not embed them`,
        { path: PROVENANCE_FILE },
      );
    yamlText = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof CodedError) throw e;
    throw new CodedError(
      'invalid-request',
      `${path.join(root, PROVENANCE_FILE)} is missing: write one with \`provdesk pack --init ${dir}\``,
      { path: PROVENANCE_FILE },
    );
  }
  const read = readProvenanceYaml(yamlText);
  const errors = read.problems.filter((p) => p['severity'] !== 'warning');
  if (!read.provenance || errors.length > 0)
    throw new CodedError(
      'invalid-request',
      `${PROVENANCE_FILE} has ${errors.length} problem(s):\n${errors.map((p) => `  ${p.message}`).join('\n')}`,
      { problems: errors },
    );
  const p = read.provenance;
  const warnings: Problem[] = read.problems.filter((x) => x['severity'] === 'warning');

  const sources = new Map<string, PayloadInput>();
  const located: { path: string; file: string; role: string }[] = [];
  const refusals: string[] = [];
  for (const f of p.files) {
    const why = checkInside(rootReal, f.path);
    if (why) refusals.push(`${f.path}: ${why}`);
    else {
      const file = path.join(rootReal, ...f.path.split('/'));
      sources.set(f.path, { path: f.path, file });
      located.push({ path: f.path, file, role: f.role });
    }
  }
  if (refusals.length > 0)
    throw new CodedError('invalid-request', `cannot pack ${root}:\n${refusals.map((r) => `  ${r}`).join('\n')}`, {
      problems: refusals.map((message) => ({ code: 'pack-file-refused', message })),
    });
  warnings.push(...unlisted(rootReal, new Set(p.files.map((f) => f.path))));

  // The environment recorded where the run ran (the folder's env/environment.json) is truer than this machine's.
  const recorded = located.find((f) => f.path === ENVIRONMENT_PATH);
  let environment: Environment | null = p.environment ?? null;
  if (recorded) {
    if (p.environment !== undefined)
      throw new CodedError(
        'invalid-request',
        `the environment is given twice: in ${PROVENANCE_FILE} and as ${ENVIRONMENT_PATH}; keep one`,
        { path: PROVENANCE_FILE },
      );
    environment = await readRecordedEnvironment(recorded.file);
    warnings.push({
      code: 'environment-recorded',
      message: `${ENVIRONMENT_PATH} from the run folder is packed as the recorded environment (${[environment.os, environment.runtime ? `${environment.runtime.name} ${environment.runtime.version}` : null].filter(Boolean).join(', ') || 'as written'})`,
      path: ENVIRONMENT_PATH,
      severity: 'warning',
    });
  } else if (p.environment === undefined) {
    const found = environmentFromFolder(located);
    environment = found.environment;
    warnings.push(...found.warnings);
  }
  const description: BundleDescription = {
    name: p.name,
    description: p.description,
    hypothesis: p.hypothesis,
    author: p.author,
    license: p.license,
    access: p.access ?? null,
    datePublished: new Date().toISOString().slice(0, 10),
    run: {
      id: p.run?.id ?? `run-${randomUUID()}`,
      name: p.run?.name ?? null,
      startTime: p.run?.startTime ?? null,
      endTime: p.run?.endTime ?? null,
    },
    files: p.files.map((f) => ({
      path: f.path,
      role: f.role,
      license: f.license ?? null,
      access: f.access ?? null,
      description: f.description ?? null,
    })),
    modules: p.modules.map((m) => ({
      ...m,
      files: p.files
        .filter((f) => f.module === m.name || (f.role === 'code' && f.module === undefined && p.modules.length === 1))
        .map((f) => f.path),
    })),
    pipeline: p.pipeline ?? null,
    parameters: p.parameters,
    metrics: p.metrics,
    replay: p.replay,
    environment,
    environmentFile: recorded !== undefined,
  };
  if (!p.run?.id)
    warnings.push({
      code: 'run-id-generated',
      message: `run.id is not set: the bundle's External-Identifier is ${description.run.id}`,
      path: PROVENANCE_FILE,
      severity: 'warning',
    });
  checkReplayFiles(p.replay, new Set(p.files.map((f) => f.path)), p.metrics, warnings);
  return { description, sources, warnings };
}

/** `provdesk pack DIR -o FILE`: plan, then write. The crate writer's warnings are added to the plan's. */
export async function packFolder(dir: string, out: string, options: WriteBundleOptions = {}): Promise<WrittenBundle> {
  const plan = await planPack(dir);
  const written = await writeBundle(out, plan.description, plan.sources, options);
  return { ...written, warnings: [...plan.warnings, ...written.warnings] };
}

/** The folder's env/environment.json, checked against BUNDLE-FORMAT section 2; a bad one is refused with where. */
async function readRecordedEnvironment(file: string): Promise<Environment> {
  const bytes = await fsp.readFile(file);
  const json = parseJsonSafely(bytes, { maxBytes: MAX_ENVIRONMENT_BYTES }, ENVIRONMENT_PATH);
  if (!json.ok)
    throw new CodedError('invalid-request', json.problem.message, { path: ENVIRONMENT_PATH, problems: [json.problem] });
  const env = environmentSchema.safeParse(json.value);
  if (!env.success) {
    const problems = env.error.issues.map((i) => ({
      code: 'environment-invalid',
      message: `${ENVIRONMENT_PATH}${i.path.length ? ` /${i.path.join('/')}` : ''}: ${i.message}`,
      path: ENVIRONMENT_PATH,
    }));
    throw new CodedError(
      'invalid-request',
      `${ENVIRONMENT_PATH} is not an environment as BUNDLE-FORMAT section 2 describes it:\n${problems.map((q) => `  ${q.message}`).join('\n')}`,
      { path: ENVIRONMENT_PATH, problems },
    );
  }
  return env.data;
}

/** Why a listed path may not be packed: escapes, symbolic links on the way, not a regular file. */
function checkInside(rootReal: string, rel: string): string | null {
  const why = unsafePathReason(rel);
  if (why) return `not a plain relative path (${why})`;
  let current = rootReal;
  for (const part of rel.split('/')) {
    current = path.join(current, part);
    let st;
    try {
      st = lstatSync(current);
    } catch {
      return 'not found in the folder';
    }
    if (st.isSymbolicLink())
      return `${path.relative(rootReal, current)} is a symbolic link; links are not followed (copy the file into the folder)`;
  }
  if (!lstatSync(current).isFile()) return 'not a regular file';
  return null;
}

/** Files in the folder that provenance.yaml does not list: packed never, reported always. */
function unlisted(rootReal: string, listed: Set<string>): Problem[] {
  const missing: string[] = [];
  let seen = 0;
  const walk = (dir: string, prefix: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (++seen > MAX_UNLISTED_SCAN) return;
      if (e.name.startsWith('.')) continue; // .git, .venv, editor files
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), rel);
      else if (rel !== PROVENANCE_FILE && !listed.has(rel)) missing.push(rel);
    }
  };
  walk(rootReal, '');
  if (missing.length === 0) return [];
  return [
    {
      code: 'file-not-listed',
      message: `${missing.length} file(s) in the folder are not listed in ${PROVENANCE_FILE} and are not packed: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      files: missing,
      severity: 'warning',
    },
  ];
}

/** The replay spec must name files that are packed, and metrics that are reported. */
function checkReplayFiles(
  replay: Record<string, unknown> | null,
  packed: Set<string>,
  metrics: Record<string, number>,
  warnings: Problem[],
): void {
  if (!replay) {
    warnings.push({
      code: 'replay-missing',
      message: 'provenance.yaml has no replay: the bundle cannot be replayed',
      path: PROVENANCE_FILE,
      severity: 'warning',
    });
    return;
  }
  const named: string[] = [];
  if (typeof replay['model'] === 'string') named.push(replay['model']);
  const data = replay['data'] as { path?: unknown } | null | undefined;
  if (data && typeof data.path === 'string') named.push(data.path);
  if (typeof replay['predictions'] === 'string') named.push(replay['predictions']);
  const refusals = named.filter(
    (n) => !packed.has(n) && ![...packed].some((p) => p.startsWith(n.replace(/\/?$/, '/'))),
  );
  if (refusals.length > 0)
    throw new CodedError('invalid-request', `replay names file(s) that are not in files: ${refusals.join(', ')}`);
  for (const m of (replay['metrics'] as { name?: unknown }[] | undefined) ?? []) {
    if (typeof m.name === 'string' && !(m.name in metrics))
      throw new CodedError('invalid-request', `replay metric "${m.name}" has no reported value under metrics`);
  }
}
