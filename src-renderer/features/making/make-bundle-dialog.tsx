import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Notice } from '../../components/notice';
import { plural } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import type { BundlePlan, WrittenBundleResult } from '../../../src-main/common/schemas/making';
import type { PathRef } from '../../../src-main/common/schemas/path-ref';
import { Modal, suggestedOutput } from './modal';
import { PlanView } from './plan-view';
import { SignOption, SignedBy, signFields, useSigningIdentity } from './sign-option';
import {
  PathField,
  chooseFile,
  chooseFolder,
  chooseSaveFile,
  hasPath,
  noPath,
  pathRef,
  type PathValue,
} from './path-field';

export type MakeKind = 'folder' | 'mlflow';
const TASKS = ['classification', 'regression', 'text-classification', 'tensor'] as const;
type Task = (typeof TASKS)[number];

interface MlflowFields {
  runId: string;
  evalData: string;
  label: string;
  task: Task | '';
  authorName: string;
  authorEmail: string;
  license: string;
}

/** pack:plan's answer for a folder without provenance.yaml (its problem says how the CLI would write one). */
const missingProvenance = (plan: BundlePlan | null) =>
  plan !== null && !plan.ready && plan.problems.some((p) => /provenance\.yaml is missing/.test(p.message));

function mlflowRequest(path: PathRef, f: MlflowFields) {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    path,
    runId: opt(f.runId),
    evalData: opt(f.evalData),
    label: opt(f.label),
    task: f.task || undefined,
    authorName: opt(f.authorName),
    authorEmail: opt(f.authorEmail),
    license: opt(f.license),
  };
}

/**
 * "New bundle from folder" and "Import MLflow run": a path (chosen in the desktop app's dialog, typed in the preview
 * host), Preview shows exactly what will be packed, then Write bundle to an output path (signed as the local identity
 * unless unticked), then Import it now.
 */
export function MakeBundleDialog({ kind, onClose }: { kind: MakeKind; onClose(): void }) {
  const id = useId();
  const [source, setSource] = useState<PathValue>(noPath);
  const [fields, setFields] = useState<MlflowFields>({
    runId: '',
    evalData: '',
    label: '',
    task: '',
    authorName: '',
    authorEmail: '',
    license: '',
  });
  const [plan, setPlan] = useState<BundlePlan | null>(null);
  const [output, setOutput] = useState<PathValue>(noPath);
  const [written, setWritten] = useState<WrittenBundleResult | null>(null);
  const [pickError, setPickError] = useState<string | null>(null); // a native dialog that failed
  const planFolder = useAction('pack:plan');
  const planRun = useAction('mlflow:plan');
  const writeFolder = useAction('pack:write');
  const initFolder = useAction('pack:init');
  const writeRun = useAction('mlflow:write');
  const busy = planFolder.busy || planRun.busy ? 'plan' : writeFolder.busy || writeRun.busy ? 'write' : null;
  const error = pickError ?? planFolder.error ?? planRun.error ?? writeFolder.error ?? writeRun.error;
  const clearErrors = () => {
    setPickError(null);
    for (const a of [planFolder, planRun, writeFolder, writeRun]) a.reset();
  };
  const startImport = useAppStore((s) => s.startImport);
  const importButton = useRef<HTMLButtonElement>(null);
  const identity = useSigningIdentity();
  const [sign, setSign] = useState(true); // ticked by default when there is an identity to sign with
  const passRef = useRef<HTMLInputElement>(null);
  // The next step gets the focus (and so comes into view at the foot of a long preview).
  useEffect(() => {
    if (written) importButton.current?.focus();
  }, [written]);
  const title = kind === 'folder' ? 'New bundle from folder' : 'Import MLflow run';

  // Any change to the inputs makes the preview stale: it must be previewed again before writing.
  const edit = (f: () => void) => {
    f();
    setPlan(null);
    setWritten(null);
    clearErrors(); // and drops a preview on its way: it was of the old inputs
  };
  const preview = async (e: FormEvent) => {
    e.preventDefault();
    clearErrors();
    const p = pathRef(source);
    const result = kind === 'folder' ? await planFolder.run({ dir: p }) : await planRun.run(mlflowRequest(p, fields));
    if (!result) return;
    setPlan(result);
    if (!hasPath(output) && source.handle === null) setOutput({ text: suggestedOutput(source.text), handle: null });
  };
  const write = async (e: FormEvent) => {
    e.preventDefault();
    clearErrors();
    const p = pathRef(source);
    const out = pathRef(output);
    const signing = signFields(sign && !!identity, passRef);
    const result =
      kind === 'folder'
        ? await writeFolder.run({ dir: p, output: out, ...signing })
        : await writeRun.run({ ...mlflowRequest(p, fields), output: out, ...signing });
    if (passRef.current) passRef.current.value = '';
    if (result) setWritten(result);
  };
  const importNow = () => {
    if (!written) return;
    // The desktop app reads the bundle back through the handle it was written to; the preview host by its path.
    void startImport(
      { kind: 'path', path: output.handle !== null ? { handle: output.handle } : written.file },
      written.file.split(/[\\/]/).pop() ?? written.file,
    );
    onClose();
  };

  return (
    <Modal title={title} onClose={onClose} testId={`make-dialog-${kind}`}>
      <form onSubmit={(e) => void preview(e)} className="making-form">
        <PathField
          id={`${id}-source`}
          label={
            kind === 'folder'
              ? 'Run folder (holding provenance.yaml), as an absolute path'
              : 'MLflow run: a run, experiment or mlruns folder, or an mlflow.db file (absolute path)'
          }
          chosenLabel={
            kind === 'folder'
              ? 'Run folder (holding provenance.yaml)'
              : 'MLflow run: a run, experiment or mlruns folder, or an mlflow.db file'
          }
          value={source}
          onChange={(v) =>
            edit(() => {
              setSource(v);
              // An output name this dialog suggested follows the source: another folder gets its own name at Preview.
              if (output.handle === null && hasPath(output) && output.text === suggestedOutput(source.text))
                setOutput(noPath);
            })
          }
          choosers={
            kind === 'folder'
              ? [chooseFolder('Choose the run folder')]
              : [
                  chooseFolder('Choose the MLflow run, experiment or mlruns folder'),
                  chooseFile('Choose the MLflow database', ['db', 'sqlite'], 'Choose mlflow.db…'),
                ]
          }
          placeholder={kind === 'folder' ? '/home/me/runs/iris' : '/home/me/proj/mlruns'}
          onError={setPickError}
        />
        {kind === 'mlflow' && (
          <div className="making-grid">
            <div className="field">
              <label htmlFor={`${id}-run`}>Run id (when the path holds several runs)</label>
              <input
                id={`${id}-run`}
                className="input"
                value={fields.runId}
                onChange={(e) => edit(() => setFields({ ...fields, runId: e.target.value }))}
                spellCheck={false}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-eval`}>Evaluation data (artifact path, for replay)</label>
              <input
                id={`${id}-eval`}
                className="input"
                value={fields.evalData}
                onChange={(e) => edit(() => setFields({ ...fields, evalData: e.target.value }))}
                spellCheck={false}
                placeholder="eval/test.csv (.csv, .jsonl or .parquet)"
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-label`}>Label column</label>
              <input
                id={`${id}-label`}
                className="input"
                value={fields.label}
                onChange={(e) => edit(() => setFields({ ...fields, label: e.target.value }))}
                spellCheck={false}
                placeholder="label"
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-task`}>Task (when the model's signature does not settle it)</label>
              <select
                id={`${id}-task`}
                className="input"
                value={fields.task}
                onChange={(e) => edit(() => setFields({ ...fields, task: e.target.value as Task | '' }))}
              >
                <option value="">from the model</option>
                {TASKS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            {/* What MLflow does not record; without them the bundle has no license and the MLflow user as author. */}
            <div className="field">
              <label htmlFor={`${id}-author`}>Author name (default: the MLflow user)</label>
              <input
                id={`${id}-author`}
                className="input"
                value={fields.authorName}
                onChange={(e) => edit(() => setFields({ ...fields, authorName: e.target.value }))}
                autoComplete="name"
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-email`}>Author e-mail</label>
              <input
                id={`${id}-email`}
                className="input"
                inputMode="email"
                value={fields.authorEmail}
                onChange={(e) => edit(() => setFields({ ...fields, authorEmail: e.target.value }))}
                autoComplete="email"
                spellCheck={false}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-license`}>License (SPDX, e.g. MIT or Apache-2.0)</label>
              <input
                id={`${id}-license`}
                className="input"
                value={fields.license}
                onChange={(e) => edit(() => setFields({ ...fields, license: e.target.value }))}
                spellCheck={false}
                placeholder="MIT"
              />
            </div>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="btn" disabled={busy !== null || !hasPath(source)}>
            {busy === 'plan' ? 'Reading…' : 'Preview'}
          </button>
        </div>
      </form>
      {error && (
        <Notice tone="error" title="Something went wrong">
          <p>{error}</p>
        </Notice>
      )}
      {kind === 'folder' && missingProvenance(plan) && (
        // The folder has no provenance.yaml: write the commented template there, then the preview shows what it says.
        <Notice tone="warning" title="This folder has no provenance.yaml">
          <p>
            It describes the run: its name, author, license and which files are code, data and model. Create one from
            the commented template, edit it, then Preview again.
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={initFolder.busy}
              onClick={() =>
                void initFolder.run({ dir: pathRef(source) }).then(async (r) => {
                  if (!r) return;
                  planFolder.reset();
                  const result = await planFolder.run({ dir: pathRef(source) });
                  if (result) setPlan(result);
                })
              }
            >
              Create provenance.yaml
            </button>
          </div>
          {initFolder.error && <p className="field-error">{initFolder.error}</p>}
        </Notice>
      )}
      {initFolder.data && plan && (
        <p className="muted small" data-testid="init-written">
          Wrote {initFolder.data.file}: edit it to describe the run, then Preview again.
        </p>
      )}
      {plan && !(kind === 'folder' && missingProvenance(plan)) && <PlanView plan={plan} />}
      {plan?.ready && !written && (
        <form onSubmit={(e) => void write(e)} className="making-form">
          <PathField
            id={`${id}-output`}
            label="Write the bundle to (a new .zip file, absolute path)"
            chosenLabel="Write the bundle to (a new .zip file)"
            value={output}
            onChange={setOutput}
            choosers={[chooseSaveFile('Write the bundle to', suggestedOutput(source.text).split(/[\\/]/).pop())]}
            onError={setPickError}
          />
          <SignOption identity={identity} checked={sign} onChange={setSign} passRef={passRef} />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy !== null || !hasPath(output)}>
              {busy === 'write' ? 'Writing…' : 'Write bundle'}
            </button>
          </div>
        </form>
      )}
      {written && (
        <div className="making-result" data-testid="make-written">
          <Notice tone="success" title="Bundle written">
            <p>
              <code>{written.file}</code>: {plural(written.files, 'file')}, bundle digest{' '}
              <code className="digest-full">{written.bundleDigest}</code>
              {written.warnings.length > 0 && `, ${plural(written.warnings.length, 'warning')}`}.
            </p>
            <SignedBy signer={written.signer} />
          </Notice>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={importNow} ref={importButton}>
              Import it now
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
