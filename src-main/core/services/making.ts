import { statSync } from 'node:fs';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { BundlePlan } from '../../common/schemas/making';
import type { BundleDescription } from '../bundle-writer/bundle-description';
import type { PayloadInput } from '../bundle-writer/write-bag-zip';
import { type ImportMlflowOptions, planMlflowImport } from '../mlflow/import-mlflow';
import { planPack } from '../pack/pack-folder';
import type { Store } from '../store/store';
import type { Handlers } from './dispatch';
import { exportBundle } from './export-bundle';
import { passphraseProtector, type KeyProtectorFor } from './governance';
import { convertMlflowRun, freshOutput, packBundle, writePackTemplate, type Signing } from './bundle-writing';
import { localSigner } from './signing';
import { typedPath } from './typed-path';

// Files MLflow saves beside a model (its description and environment), not the model itself.
const MODEL_METADATA =
  /(^|\/)(MLmodel|requirements\.txt|conda\.yaml|python_env\.yaml|input_example\.json|serving_input_example\.json)$/;

type MakingChannel = 'pack:plan' | 'pack:init' | 'pack:write' | 'mlflow:plan' | 'mlflow:write' | 'bundles:export';

/** A plan as the dialogs show it: every file with its role and size, the metadata in brief, the warnings. */
export function summarizePlan(
  description: BundleDescription,
  sources: Map<string, PayloadInput>,
  warnings: Problem[],
): BundlePlan {
  const files = description.files.map((f) => {
    const source = sources.get(f.path);
    let bytes: number | null = null;
    if (source && 'bytes' in source) bytes = source.bytes.byteLength;
    else if (source) {
      try {
        bytes = statSync(source.file).size;
      } catch {
        bytes = null; // reported by the writer when it cannot read the file
      }
    }
    return {
      path: f.path,
      role: f.role,
      bytes,
      license: f.license ?? null,
      access: f.access ?? null,
      generated: source ? 'bytes' in source : false,
    };
  });
  const author = description.author;
  return {
    ready: true,
    name: description.name,
    description: description.description,
    author: author
      ? author.name && author.email
        ? `${author.name} <${author.email}>`
        : (author.name ?? author.email)
      : null,
    license: description.license,
    runId: description.run.id,
    runName: description.run.name,
    files,
    totalBytes: files.reduce((n, f) => n + (f.bytes ?? 0), 0),
    parameters: description.parameters,
    metrics: description.metrics,
    modules: description.modules.map((m) => ({ name: m.name, version: m.version, commit: m.commit })),
    models: description.files.filter((f) => f.role === 'model' && !MODEL_METADATA.test(f.path)).map((f) => f.path),
    replay: description.replay !== null,
    environment: description.environment !== null || description.environmentFile === true,
    warnings,
    problems: [],
  };
}

/** A plan that cannot be written: the problems (provenance.yaml ones with line and column) instead of files. */
function refusedPlan(problems: Problem[]): BundlePlan {
  return {
    ready: false,
    name: null,
    description: null,
    author: null,
    license: null,
    runId: null,
    runName: null,
    files: [],
    totalBytes: 0,
    parameters: {},
    metrics: {},
    modules: [],
    models: [],
    replay: false,
    environment: false,
    warnings: [],
    problems,
  };
}

/** What the input itself gets wrong becomes problems to show; anything else is an error of the request. */
async function planOrProblems(plan: () => Promise<BundlePlan>): Promise<BundlePlan> {
  try {
    return await plan();
  } catch (e) {
    if (!(e instanceof CodedError) || (e.code !== 'invalid-request' && e.code !== 'not-found')) throw e;
    const listed = Array.isArray(e.details?.['problems']) ? (e.details['problems'] as Problem[]) : [];
    return refusedPlan(
      listed.length > 0
        ? listed
        : [{ code: e.code === 'not-found' ? 'not-found' : 'pack-invalid', message: e.message }],
    );
  }
}

function mlflowOptions(r: {
  runId?: string | undefined;
  evalData?: string | undefined;
  label?: string | undefined;
  task?: ImportMlflowOptions['task'] | undefined;
  authorName?: string | undefined;
  authorEmail?: string | undefined;
  license?: string | undefined;
}): ImportMlflowOptions {
  // An e-mail alone names the author by it, as `--author "<email>"` would.
  const author =
    r.authorName || r.authorEmail ? { name: r.authorName ?? r.authorEmail!, email: r.authorEmail ?? null } : null;
  return {
    runId: r.runId ?? null,
    evalData: r.evalData ?? null,
    label: r.label ?? null,
    task: r.task ?? null,
    author,
    license: r.license ?? null,
  };
}

/** The channels of the "New bundle from folder", "Import MLflow run" and "Export bundle" dialogs. */
export function makingHandlers(
  store: Store,
  actor: string,
  protectorFor: KeyProtectorFor = passphraseProtector,
): Pick<Handlers, MakingChannel> {
  // The key is unlocked before any byte is written: a wrong passphrase costs nothing. A bundle is written to a new
  // file only (freshOutput): an existing one is never replaced from the app.
  const signingFor = async (sign: boolean | undefined, passphrase: string | undefined): Promise<Signing | null> =>
    sign ? { store, actor, signer: await localSigner(store, () => protectorFor(passphrase)) } : null;
  return {
    'pack:plan': async ({ dir }) =>
      planOrProblems(async () => {
        const plan = await planPack(typedPath(dir, 'dir'));
        return summarizePlan(plan.description, plan.sources, plan.warnings);
      }),
    'pack:init': async ({ dir }) => ({ file: await writePackTemplate(typedPath(dir, 'dir')) }),
    'pack:write': async ({ dir, output, sign, passphrase }) => {
      const target = freshOutput(typedPath(output, 'output'));
      return packBundle(typedPath(dir, 'dir'), target, await signingFor(sign, passphrase));
    },
    'mlflow:plan': async (request) =>
      planOrProblems(async () => {
        const plan = await planMlflowImport(typedPath(request.path, 'path'), mlflowOptions(request));
        return summarizePlan(plan.description, plan.sources, plan.warnings);
      }),
    'mlflow:write': async (request) => {
      const target = freshOutput(typedPath(request.output, 'output'));
      return convertMlflowRun(
        typedPath(request.path, 'path'),
        target,
        mlflowOptions(request),
        await signingFor(request.sign, request.passphrase),
      );
    },
    'bundles:export': async ({ digest, output, override, sign, replace, passphrase }) => {
      const target = freshOutput(typedPath(output, 'output'));
      const signing = await signingFor(sign, passphrase);
      return exportBundle(store, digest, target, actor, {
        ...(override !== undefined ? { override } : {}),
        ...(signing ? { sign: { signer: signing.signer, replace: replace === true } } : {}),
      });
    },
  };
}
