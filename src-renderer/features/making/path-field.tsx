import { useId } from 'react';
import { canPickNativeFile, pickFile, pickFolder, pickSaveFile } from '../../api/client';
import type { PathRef, PickedPath } from '../../../src-main/common/schemas/path-ref';

/**
 * A path as a field holds it: typed text (preview host), or the path a native dialog chose and its handle (desktop
 * app).
 */
export interface PathValue {
  text: string;
  handle: string | null;
}

export const noPath: PathValue = { text: '', handle: null };

/** What the request carries: the dialog's handle in the desktop app, the typed path in the preview host. */
export function pathRef(value: PathValue): PathRef {
  return value.handle !== null ? { handle: value.handle } : value.text.trim();
}

export function hasPath(value: PathValue): boolean {
  return value.handle !== null || value.text.trim() !== '';
}

export function pickedValue(picked: PickedPath): PathValue {
  return { text: picked.path, handle: picked.handle };
}

/** One way to choose in the desktop app: a button and the dialog it opens. */
export interface Chooser {
  label: string;
  pick(): Promise<PickedPath | null>;
}

export const chooseFolder = (title: string): Chooser => ({ label: 'Choose folder…', pick: () => pickFolder(title) });
export const chooseFile = (title: string, extensions: string[], label = 'Choose file…'): Chooser => ({
  label,
  pick: () => pickFile(title, extensions),
});
export const chooseSaveFile = (title: string, suggestedName: string | undefined): Chooser => ({
  label: 'Choose…',
  pick: () => pickSaveFile(title, ['zip'], suggestedName),
});

/**
 * A path field. The desktop app takes paths only from its native dialogs, so it shows "Choose…" buttons and the
 * chosen path as text; the preview host (no dialogs: its token holder is the user) keeps a text field.
 */
export function PathField(props: {
  id: string;
  label: string; // what to enter, as the text field's label
  chosenLabel: string; // the same, for the desktop app (no "absolute path" to type)
  value: PathValue;
  onChange(value: PathValue): void;
  choosers: Chooser[];
  placeholder?: string;
  onError(message: string): void;
}) {
  const labelId = useId();
  const { id, value, onChange } = props;
  if (!canPickNativeFile) {
    return (
      <div className="field">
        <label htmlFor={id}>{props.label}</label>
        <input
          id={id}
          className="input"
          value={value.text}
          onChange={(e) => onChange({ text: e.target.value, handle: null })}
          spellCheck={false}
          autoComplete="off"
          placeholder={props.placeholder}
          required
        />
      </div>
    );
  }
  const choose = async (chooser: Chooser) => {
    try {
      const picked = await chooser.pick();
      if (picked) onChange(pickedValue(picked));
    } catch (e) {
      props.onError((e as Error).message);
    }
  };
  return (
    <div className="field" role="group" aria-labelledby={labelId}>
      <span className="field-label" id={labelId}>
        {props.chosenLabel}
      </span>
      <div className="input-row chosen-path-row">
        <code className="chosen-path" id={id}>
          {value.handle !== null ? value.text : 'Nothing chosen yet'}
        </code>
        {props.choosers.map((c) => (
          <button key={c.label} type="button" className="btn" onClick={() => void choose(c)} aria-describedby={id}>
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}
