import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import type { FileRole } from '../../common/schemas/bundle';
import type { ReplayTask } from '../bundle/replay-spec';
import type { BundleDescription, DescribedFile, ExternalDataset } from '../bundle-writer/bundle-description';
import type { PayloadInput } from '../bundle-writer/write-bag-zip';
import { CodedError } from '../../common/result';
import { unsafePathReason } from '../integrity/bag-path';
import { historyCsv, latestByKey } from './metric-lines';
import { type ArtifactFile, environmentFromArtifacts } from './model-environment';
import { type MlflowRun, warning } from './mlflow-run';
import { replayFromRun } from './replay-from-run';

export interface ConvertOptions {
  evalData?: string | null; // artifact path (relative to the run's artifacts) of the evaluation data
  label?: string | null;
  task?: ReplayTask | null;
  author?: { name: string; email: string | null } | null;
  license?: string | null;
  name?: string | null;
}

export interface ConvertedRun {
  description: BundleDescription;
  sources: Map<string, PayloadInput>;
  warnings: Problem[];
}

const MAPPED_TAGS = new Set([
  'mlflow.user',
  'mlflow.source.name',
  'mlflow.source.type',
  'mlflow.source.git.commit',
  'mlflow.source.git.repoURL',
  'mlflow.runName',
  'mlflow.note.content',
  'mlflow.log-model.history',
]);
const CODE = /\.(py|ipynb|r|R|sh|scala|java)$/;

/** Plain files under an artifact folder; links and names a bundle cannot carry are skipped with a warning. */
function listFiles(dir: string, warnings: Problem[]): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      const unsafe = unsafePathReason(rel);
      if (unsafe)
        warnings.push(
          warning('mlflow-artifact-skipped', `artifact ${JSON.stringify(rel)} is not packed: ${unsafe}`, {
            path: path.join(d, e.name),
          }),
        );
      else if (e.isDirectory()) walk(path.join(d, e.name), rel);
      else if (e.isFile()) out.push(rel);
      else
        warnings.push(
          warning(
            'mlflow-artifact-skipped',
            `artifact ${rel} is not packed: ${e.isSymbolicLink() ? 'a symbolic link (links are not followed)' : 'not a regular file'}`,
            { path: path.join(d, e.name) },
          ),
        );
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * An MLflow run as a bundle description: models under model/, other artifacts under artifacts/, the full metric
 * history as mlflow/metrics-history.csv, the raw run record as mlflow/run.json. Everything that does not map
 * onto the bundle format is a warning.
 */
export function convertRun(run: MlflowRun, options: ConvertOptions = {}): ConvertedRun {
  const warnings: Problem[] = [...run.warnings];
  const files: DescribedFile[] = [];
  const sources = new Map<string, PayloadInput>();
  const add = (
    rel: string,
    input: Omit<PayloadInput, 'path'> & ({ file: string } | { bytes: Uint8Array }),
    role: FileRole,
    extra: Partial<DescribedFile> = {},
  ) => {
    files.push({ path: rel, role, ...extra });
    sources.set(rel, { path: rel, ...input } as PayloadInput);
  };

  // Models first, so their folders inside the run's artifacts (2.x) are not packed twice. A folder with an MLmodel
  // file that no model record names (logged without mlflow.log-model.history) is a model too.
  const runFiles = run.artifactDir ? listFiles(run.artifactDir, warnings) : [];
  const models = [...run.models];
  for (const rel of runFiles.filter((f) => f === 'MLmodel' || f.endsWith('/MLmodel'))) {
    const folder = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const dir = path.join(run.artifactDir as string, ...folder.split('/').filter(Boolean));
    if (models.some((m) => m.artifactDir && path.resolve(m.artifactDir) === path.resolve(dir))) continue;
    models.push({ id: folder || 'model', name: folder || 'model', artifactDir: dir, metrics: [], params: {} });
    warnings.push(
      warning(
        'mlflow-model-found',
        `artifacts/${rel} marks a model that the run's tags do not list; packed as model/${folder || 'model'}`,
      ),
    );
  }
  const modelDirs = new Map<string, string>(); // on-disk folder → bundle folder
  const usedNames = new Set<string>();
  for (const m of models) {
    if (!m.artifactDir) continue;
    let name = m.name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'model';
    if (usedNames.has(name)) name = `${name}-${m.id.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
    usedNames.add(name);
    modelDirs.set(path.resolve(m.artifactDir), `model/${name}`);
  }
  const artifactFiles: ArtifactFile[] = [];
  for (const [dir, prefix] of modelDirs) {
    let list: string[] = [];
    try {
      list = listFiles(dir, warnings);
    } catch {
      warnings.push(
        warning('mlflow-model-missing', `model folder ${dir} is not readable; the model is not in the bundle`),
      );
    }
    for (const rel of list) {
      artifactFiles.push({ rel: `${prefix}/${rel}`, file: path.join(dir, ...rel.split('/')) });
    }
  }
  const evalRel = options.evalData ? `artifacts/${options.evalData.replace(/^\/+/, '')}` : null;
  for (const rel of runFiles) {
    const file = path.join(run.artifactDir as string, ...rel.split('/'));
    if ([...modelDirs.keys()].some((d) => file.startsWith(d + path.sep))) continue;
    artifactFiles.push({ rel: `artifacts/${rel}`, file });
  }

  const datasets = mapDatasets(run, artifactFiles, warnings);
  const registry = run.registry
    .map(
      (r) =>
        `registered as ${r.name} version ${r.version}${r.aliases.length ? ` (aliases: ${r.aliases.join(', ')})` : ''}`,
    )
    .join('; ');
  for (const a of artifactFiles) {
    const role: FileRole = a.rel.startsWith('model/')
      ? CODE.test(a.rel)
        ? 'code'
        : 'model'
      : a.rel === evalRel || datasets.files.has(a.rel)
        ? 'data'
        : CODE.test(a.rel)
          ? 'code'
          : 'result';
    const ds = datasets.files.get(a.rel);
    add(a.rel, { file: a.file }, role, {
      ...(ds ? { dataset: ds } : {}),
      ...(registry && a.rel.endsWith('.onnx') ? { description: registry } : {}),
    });
  }

  // Metrics: the latest value per key is reported; the full history is kept.
  const allPoints = [...run.metrics, ...run.models.flatMap((m) => m.metrics)];
  const metrics: Record<string, number> = {};
  const latest = latestByKey(run.metrics);
  for (const [key, m] of latestByKey(run.models.flatMap((x) => x.metrics))) if (!latest.has(key)) latest.set(key, m);
  const dupes: string[] = [];
  for (const [key, m] of latest) {
    if (m.duplicates > 0) dupes.push(`${key} (${m.duplicates})`);
    if (Number.isFinite(m.latest.value)) metrics[key] = m.latest.value;
    else
      warnings.push(
        warning(
          'mlflow-metric-not-finite',
          `metric "${key}": the latest value is ${m.latest.value} (step ${m.latest.step}); not reported (the history file keeps it)`,
          { metric: key },
        ),
      );
  }
  if (dupes.length > 0)
    warnings.push(
      warning(
        'mlflow-metric-duplicates',
        `metrics logged more than once with the same timestamp, step and value: ${dupes.join(', ')}; counted once`,
      ),
    );
  if (allPoints.length > 0)
    add('mlflow/metrics-history.csv', { bytes: Buffer.from(historyCsv(allPoints), 'utf8') }, 'result');

  const unmapped = Object.keys(run.tags).filter((t) => !MAPPED_TAGS.has(t));
  if (unmapped.length > 0)
    warnings.push(
      warning(
        'mlflow-tags-unmapped',
        `${unmapped.length} tag(s) have no place in the bundle format and are kept in mlflow/run.json only: ${unmapped.slice(0, 8).join(', ')}${unmapped.length > 8 ? ', …' : ''}`,
        { tags: unmapped },
      ),
    );
  const modelParams = run.models.filter((m) => Object.keys(m.params).length > 0);
  if (modelParams.length > 0)
    warnings.push(
      warning(
        'mlflow-model-params',
        `parameters of logged model(s) ${modelParams.map((m) => m.name).join(', ')} are kept in mlflow/run.json only`,
      ),
    );
  if (run.status && run.status !== 'FINISHED')
    warnings.push(warning('mlflow-run-status', `the run's status is ${run.status}, not FINISHED`));
  const record = {
    runId: run.runId,
    runName: run.runName,
    experimentId: run.experimentId,
    experimentName: run.experimentName,
    userId: run.userId,
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    params: run.params,
    tags: run.tags,
    datasets: run.datasets,
    models: run.models.map((m) => ({ id: m.id, name: m.name, params: m.params })),
    registry: run.registry,
  };
  add('mlflow/run.json', { bytes: Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8') }, 'other');

  const env = environmentFromArtifacts(artifactFiles);
  warnings.push(...env.warnings);

  // Replay: an ONNX model plus the evaluation data named on the command line.
  let replay: Record<string, unknown> | null = null;
  const onnx = artifactFiles.filter((a) => a.rel.startsWith('model/') && a.rel.endsWith('.onnx'));
  if (evalRel) {
    const evalFile = artifactFiles.find((a) => a.rel === evalRel);
    if (!evalFile)
      throw new CodedError('invalid-request', `--eval-data ${options.evalData}: no such artifact in run ${run.runId}`);
    if (!options.label) throw new CodedError('invalid-request', '--eval-data needs --label COLUMN (the target column)');
    if (onnx.length !== 1)
      warnings.push(
        warning(
          'mlflow-replay-model',
          onnx.length === 0
            ? 'no ONNX model among the logged models; no replay.json is written'
            : `${onnx.length} ONNX models (${onnx.map((o) => o.rel).join(', ')}); no replay.json is written`,
        ),
      );
    else {
      const r = replayFromRun({
        model: onnx[0]!.rel,
        evalData: evalRel,
        evalFile: evalFile.file,
        label: options.label,
        task: options.task ?? null,
        signature: env.signature,
        metrics,
      });
      warnings.push(...r.warnings);
      replay = r.replay;
      Object.assign(metrics, r.metrics);
    }
  } else if (onnx.length > 0) {
    warnings.push(
      warning(
        'mlflow-replay-no-data',
        'the model is ONNX but no evaluation data was named (--eval-data ARTIFACT --label COLUMN); no replay.json is written',
      ),
    );
  }

  const description: BundleDescription = {
    name: options.name ?? `${run.experimentName ?? `experiment ${run.experimentId}`} / ${run.runName ?? run.runId}`,
    description: run.tags['mlflow.note.content'] ?? null,
    hypothesis: null,
    author: authorOf(run, options, warnings),
    license: options.license ?? null,
    access: null,
    datePublished: new Date().toISOString().slice(0, 10),
    run: { id: run.runId, name: run.runName, startTime: iso(run.startTime), endTime: iso(run.endTime) },
    files,
    modules: modulesOf(run, warnings),
    pipeline: null,
    parameters: { ...run.params },
    metrics,
    datasets: datasets.external,
    replay,
    environment: env.environment,
  };
  if (!options.license)
    warnings.push(
      warning('mlflow-no-license', 'MLflow records no license: the bundle has none (give --license SPDX-ID)'),
    );
  return { description, sources, warnings };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function authorOf(run: MlflowRun, options: ConvertOptions, warnings: Problem[]): BundleDescription['author'] {
  if (options.author) return options.author;
  const user = run.tags['mlflow.user'] ?? run.userId;
  if (!user) {
    warnings.push(
      warning('mlflow-no-author', 'the run names no user: the bundle has no author (give --author "Name <email>")'),
    );
    return null;
  }
  warnings.push(
    warning(
      'mlflow-author-from-user',
      `the author is the MLflow user "${user}"${user.includes('@') ? '' : ', with no e-mail address'} (give --author "Name <email>" to say more)`,
    ),
  );
  return { name: user, email: /^[^@\s]+@[^@\s]+$/.test(user) ? user : null };
}

function modulesOf(run: MlflowRun, warnings: Problem[]): BundleDescription['modules'] {
  const source = run.tags['mlflow.source.name'] ?? null;
  const commit = run.tags['mlflow.source.git.commit'] ?? null;
  if (!source && !commit) {
    warnings.push(
      warning('mlflow-no-source', 'the run records no source (mlflow.source.name) and no git commit: no code module'),
    );
    return [];
  }
  if (!commit)
    warnings.push(
      warning(
        'mlflow-code-not-pinned',
        `the source ${source} has no git commit (mlflow.source.git.commit): the code is not pinned`,
      ),
    );
  const name = source ? source.split(/[\\/]/).pop() || source : 'source';
  return [{ name, version: null, repository: run.tags['mlflow.source.git.repoURL'] ?? null, commit }];
}

/** Dataset inputs: attached to the artifact they name when it is in the bundle, else recorded by reference. */
function mapDatasets(
  run: MlflowRun,
  artifacts: ArtifactFile[],
  warnings: Problem[],
): { files: Map<string, NonNullable<DescribedFile['dataset']>>; external: ExternalDataset[] } {
  const files = new Map<string, NonNullable<DescribedFile['dataset']>>();
  const external: ExternalDataset[] = [];
  for (const d of run.datasets) {
    let uri: string | null = null;
    try {
      const src: unknown = d.source ? JSON.parse(d.source) : null;
      if (src && typeof src === 'object')
        uri = ((src as Record<string, unknown>)['uri'] ?? (src as Record<string, unknown>)['url'] ?? null) as
          string | null;
    } catch {
      uri = d.source;
    }
    const fingerprint = d.digest ? { algorithm: 'mlflow-dataset-digest', value: d.digest } : null;
    const baseName = uri ? uri.split(/[\\/]/).pop() : null;
    const match = baseName
      ? artifacts.find((a) => a.rel.startsWith('artifacts/') && a.rel.split('/').pop() === baseName)
      : undefined;
    const label = `dataset "${d.name}"${d.context ? ` (${d.context})` : ''}`;
    if (fingerprint)
      warnings.push(
        warning(
          'mlflow-dataset-weak-digest',
          `${label}: MLflow's digest ${d.digest} is a weak fingerprint (a few hex digits of a hash of a sample), recorded as such and never as a checksum`,
          { dataset: d.name },
        ),
      );
    if (match) files.set(match.rel, { name: d.name, url: uri, fingerprint });
    else {
      external.push({
        name: d.name,
        url: uri,
        description: d.context ? `MLflow dataset input, context ${d.context}` : 'MLflow dataset input',
        fingerprint,
      });
      warnings.push(
        warning(
          'mlflow-dataset-not-packed',
          `${label} is not among the artifacts${uri ? ` (${uri})` : ''}: recorded by reference only, its bytes are not in the bundle`,
          { dataset: d.name },
        ),
      );
    }
  }
  return { files, external };
}
