import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { Notice } from '../../components/notice';
import { CopyButton } from '../../components/copy-button';
import { KeyValueList } from '../../components/key-value-list';
import { formatDate, plural } from '../../components/format';
import type { PolicyReevaluation, StoredPolicy } from '../../../src-main/common/schemas/licenses';
import { hrefFor } from '../../app/routes';
import { LicenseBadge } from '../../components/license-badge';
import { PolicyForm, formJson, textsOf, type PolicyShape, type PolicyTexts } from './policy-form';

const policyText = (p: StoredPolicy) => JSON.stringify(p.policy, null, 2);

/** The team policy: its version and hash, and an editor whose problems are shown next to it, each naming its entry. */
export function PolicyPanel() {
  const st = useAppStore((s) => s.policy);
  const saving = useAppStore((s) => s.policySave);
  const { loadPolicy, savePolicy, clearPolicyProblems } = useAppStore.getState();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  // The form is the everyday editor; the JSON view stays for pasting a whole policy (advanced).
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [use, setUse] = useState<PolicyShape['intendedUse']>('research');
  const [texts, setTexts] = useState<PolicyTexts>({ allow: '', review: '', deny: '' });
  const [switchError, setSwitchError] = useState<string | null>(null);
  useEffect(() => {
    void loadPolicy();
  }, [loadPolicy]);

  const p = st.data;
  const startEdit = () => {
    if (!p) return;
    clearPolicyProblems();
    setText(policyText(p));
    setUse(p.policy.intendedUse);
    setTexts(textsOf(p.policy));
    setMode('form');
    setSwitchError(null);
    setNote('');
    setEditing(true);
  };
  const toJson = () => {
    setText(formJson(use, texts));
    setSwitchError(null);
    setMode('json');
  };
  const toForm = () => {
    const shape = policyShapeFrom(text);
    if (!shape) {
      setSwitchError(
        'The JSON is not a policy the form can show (intendedUse and three lists of strings): fix it here.',
      );
      return;
    }
    setUse(shape.intendedUse);
    setTexts(textsOf(shape));
    setSwitchError(null);
    setMode('form');
  };
  const save = async () => {
    if (await savePolicy(mode === 'form' ? formJson(use, texts) : text, note)) setEditing(false);
  };
  const saved = saving.data?.saved ? saving.data : null;
  const problems = saving.data?.problems ?? [];
  const error = st.error ?? saving.error;

  return (
    <section className="card policy-panel" aria-labelledby="sec-policy">
      <div className="panel-head">
        <h2 id="sec-policy">License policy</h2>
        {p && !editing && (
          <button type="button" className="btn push-right" onClick={startEdit}>
            Edit policy
          </button>
        )}
      </div>
      {error && (
        <Notice tone="error" title="Could not load or save the policy">
          <p>{error}</p>
        </Notice>
      )}
      {saved && !editing && (
        <Notice
          tone="success"
          title={
            saved.changed
              ? `Saved as version ${saved.policy?.version}`
              : 'No change: the policy already had this content'
          }
        >
          {saved.reevaluated && <ReevaluationSummary reevaluated={saved.reevaluated} />}
        </Notice>
      )}
      {p && (
        <KeyValueList
          items={[
            [
              'Version',
              p.version === 0
                ? 'the shipped default (not yet stored)'
                : `${p.version}${p.isDefault ? ' (the shipped default)' : ''}`,
            ],
            [
              'Hash',
              <span className="digest-row" key="h">
                <code className="digest-full">{p.hash}</code>
                <CopyButton value={p.hash} label="policy hash" />
              </span>,
            ],
            ['Set', p.setAt ? `${formatDate(p.setAt, true)} by ${p.setBy ?? 'unknown'}` : '—'],
            ...(p.note ? ([['Note', p.note]] as [string, string][]) : []),
            ['Intended use', p.policy.intendedUse],
            [
              'Lists',
              `${plural(p.policy.allow.length, 'allowed id')}, ${plural(p.policy.review.length, 'id')} for review, ${plural(p.policy.deny.length, 'denied id')}`,
            ],
          ]}
        />
      )}
      <p className="muted small">
        Deny wins, then non-commercial licenses under commercial use are denied, then review, then allow. Anything the
        policy does not list needs review. OR-expressions pass when any branch passes, AND-expressions when all do.
      </p>
      {editing ? (
        <form
          className="policy-editor"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="policy-mode">
            {mode === 'form' ? (
              <button type="button" className="btn btn-small" onClick={toJson}>
                Edit as JSON (advanced)
              </button>
            ) : (
              <button type="button" className="btn btn-small" onClick={toForm}>
                Edit as a form
              </button>
            )}
          </div>
          {switchError && (
            <p className="field-error" role="alert">
              {switchError}
            </p>
          )}
          {mode === 'form' ? (
            <PolicyForm
              use={use}
              texts={texts}
              onUse={setUse}
              onList={(name, value) => setTexts((t) => ({ ...t, [name]: value }))}
            />
          ) : (
            <>
              <label htmlFor="policy-json">Policy JSON</label>
              <textarea
                id="policy-json"
                className="input code-input"
                spellCheck={false}
                rows={18}
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-invalid={problems.length > 0}
                aria-describedby={problems.length ? 'policy-problems' : undefined}
              />
            </>
          )}
          {problems.length > 0 && (
            <div id="policy-problems" role="alert" className="policy-problems">
              <strong>The policy was not saved: {plural(problems.length, 'problem')}</strong>
              <ul>
                {problems.map((pr, i) => (
                  <li key={i}>{pr.message}</li>
                ))}
              </ul>
            </div>
          )}
          <label htmlFor="policy-note">Note for the audit log (optional)</label>
          <input
            id="policy-note"
            className="input"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="Why the policy changes"
            maxLength={2000}
          />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={saving.loading}>
              {saving.loading ? 'Saving…' : 'Save policy'}
            </button>
            <button type="button" className="btn" onClick={() => setEditing(false)} disabled={saving.loading}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        p && (
          <details className="policy-json">
            <summary>Show the policy as JSON</summary>
            <pre>{policyText(p)}</pre>
          </details>
        )
      )}
    </section>
  );
}

/** What the save did to stored bundles: the count, and each bundle whose verdict moved, from → to, by name. */
function ReevaluationSummary({ reevaluated }: { reevaluated: PolicyReevaluation }) {
  const { bundles, verdictsChanged, changes } = reevaluated;
  return (
    <>
      <p>
        Re-evaluated {plural(bundles, 'bundle')}; {plural(verdictsChanged, 'verdict')} changed
        {verdictsChanged === 0 ? '.' : ':'}
      </p>
      {changes.length > 0 && (
        <ul className="verdict-changes" data-testid="verdict-changes">
          {changes.map((c) => (
            <li key={c.digest}>
              <a href={hrefFor('bundles', c.digest)}>{c.name}</a>{' '}
              {c.from ? <LicenseBadge status={c.from} /> : 'not evaluated'} → <LicenseBadge status={c.to} />
            </li>
          ))}
        </ul>
      )}
      {verdictsChanged > changes.length && (
        <p className="small">and {verdictsChanged - changes.length} more: the Licenses list shows every verdict.</p>
      )}
    </>
  );
}

/** The JSON text as a policy shape the form can hold, or null (core still checks every entry on save). */
function policyShapeFrom(text: string): PolicyShape | null {
  try {
    const v = JSON.parse(text) as Partial<Record<keyof PolicyShape, unknown>>;
    const list = (x: unknown) => Array.isArray(x) && x.every((e) => typeof e === 'string');
    if (v.intendedUse !== 'research' && v.intendedUse !== 'commercial') return null;
    if (!list(v.allow) || !list(v.deny) || !list(v.review)) return null;
    return v as PolicyShape;
  } catch {
    return null;
  }
}
