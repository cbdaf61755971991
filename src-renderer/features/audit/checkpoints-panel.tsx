import { useEffect, useId, useState } from 'react';
import type { ChainReport, CheckpointImportResult, CheckpointStatus } from '../../../src-main/common/schemas/audit';
import { useAppStore } from '../../store/app-store';
import { useAction } from '../../store/use-action';
import { formatDate, shortDigest } from '../../components/format';
import { Notice } from '../../components/notice';
import { JsonTextField } from '../../components/json-text-field';

/**
 * Checkpoints kept in the store (signed heads of earlier exports), each with whether the store still holds it,
 * and the way to import one back by pasting it or choosing its file.
 */
export function CheckpointsPanel({ chain }: { chain: ChainReport | null }) {
  const kept = useAppStore((s) => s.audit.checkpoints.rows);
  const loadError = useAppStore((s) => s.audit.checkpoints.error);
  const loadCheckpoints = useAppStore((s) => s.loadCheckpoints);
  const importing = useAction(useAppStore((s) => s.importCheckpoint));
  const id = useId();
  const [text, setText] = useState('');
  const busy = importing.busy;
  const result = importing.error ? { error: importing.error } : importing.data;
  useEffect(() => {
    void loadCheckpoints();
  }, [loadCheckpoints]);
  const statusOf = new Map<number, CheckpointStatus>((chain?.checkpoints?.results ?? []).map((r) => [r.id, r]));
  const failing = kept.filter((k) => statusOf.get(k.id)?.holds === false).length;

  const submit = async () => {
    const r = await importing.run(text);
    if (r?.imported) setText('');
  };
  return (
    <details className="card audit-checkpoints" open={failing > 0 || undefined}>
      <summary>
        <span className="audit-checkpoints-title">Checkpoints</span>{' '}
        <span className="muted" data-testid="checkpoints-count">
          {kept.length === 0 ? 'none kept' : `${kept.length.toLocaleString()} kept`}
          {failing > 0 ? `, ${failing} not holding` : ''}
        </span>
      </summary>
      <p className="muted">
        A checkpoint is the signed head of an export. Import one back and every verification proves that no entry up to
        it was cut or rewritten since. Only this store’s checkpoints, signed by its key or a team member’s, are kept.
      </p>
      {loadError && (
        <Notice tone="error" title="Could not load the checkpoints">
          <p>{loadError}</p>
        </Notice>
      )}
      {kept.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" aria-label="Kept checkpoints">
            <thead>
              <tr>
                <th scope="col">Up to entry</th>
                <th scope="col">Signed</th>
                <th scope="col">Key</th>
                <th scope="col">Imported</th>
                <th scope="col">Against the store now</th>
              </tr>
            </thead>
            <tbody>
              {kept.map((k) => {
                const s = statusOf.get(k.id);
                return (
                  <tr key={k.id} data-testid="kept-checkpoint">
                    <td>#{k.checkpoint.entries}</td>
                    <td>{formatDate(k.checkpoint.time, true)}</td>
                    <td>
                      <span className="mono" title={k.checkpoint.keyId}>
                        {shortDigest(k.checkpoint.keyId, 16)}
                      </span>{' '}
                      <span className="muted">{k.signer}</span>
                    </td>
                    <td>
                      {formatDate(k.importedAt)} <span className="muted">by {k.importedBy}</span>
                    </td>
                    <td className={s ? (s.holds ? 'check-pass' : 'check-fail') : undefined}>
                      {!s ? (
                        <span className="muted">not checked yet</span>
                      ) : s.holds ? (
                        <>
                          <span className="check-mark" aria-hidden="true">
                            ✓
                          </span>
                          holds
                        </>
                      ) : (
                        <>
                          <span className="check-mark" aria-hidden="true">
                            ✕
                          </span>
                          <strong>{s.problem?.code ?? 'does not hold'}</strong>: {s.problem?.message}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <JsonTextField
        id={`${id}-cp`}
        label="Checkpoint (JSON)"
        fileLabel="Choose a checkpoint file"
        rows={4}
        value={text}
        onChange={(t) => {
          setText(t);
          importing.reset();
        }}
      >
        <button type="button" className="btn btn-primary" disabled={busy || !text.trim()} onClick={() => void submit()}>
          {busy ? 'Checking…' : 'Import checkpoint'}
        </button>
      </JsonTextField>
      {result && <ImportOutcome result={result} />}
    </details>
  );
}

function ImportOutcome({ result }: { result: CheckpointImportResult | { error: string } }) {
  if ('error' in result) {
    return (
      <Notice tone="error" title="The checkpoint could not be checked">
        <p>{result.error}</p>
      </Notice>
    );
  }
  const c = result.kept?.checkpoint;
  if (result.imported && c) {
    return (
      <Notice
        tone="success"
        title={`Checkpoint kept: the store holds every entry up to #${c.entries}, as signed ${formatDate(c.time, true)}`}
      />
    );
  }
  const duplicate = result.problems.some((p) => p.code === 'checkpoint-duplicate');
  return (
    <Notice tone={duplicate ? 'info' : 'error'} title={duplicate ? 'Already kept' : 'The checkpoint was not kept'}>
      <ul>
        {result.problems.map((p, i) => (
          <li key={i}>
            {duplicate ? (
              p.message
            ) : (
              <>
                <strong>{p.code}</strong>: {p.message}
              </>
            )}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
