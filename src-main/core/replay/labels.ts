import { inputError } from './replay-error';

/**
 * How label values become class indices (documented in the report's `labelMapping`):
 * 1. the model's own class names when it carries them (a Hugging Face config's id2label, an ai.onnx.ml
 *    classifier's classlabels_*): a label equal to a name maps to its index, else an integer label is the index;
 * 2. otherwise integer labels (2, "2", 2.0) are class indices;
 * 3. otherwise the sorted unique labels are the classes, as scikit-learn's LabelEncoder orders them; their
 *    count must then equal the model's number of outputs, or the mapping would be a guess and is refused.
 */
export interface ClassMapping {
  classes: string[];
  describe: string;
  indexOf(label: unknown): number; // -1 when the label is not a known class
}

const INTEGER = /^-?\d+(?:\.0*)?$/;

export function labelKey(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return typeof v === 'string' ? v.trim() : (JSON.stringify(v) ?? '');
}

function asIndex(key: string): number | null {
  return INTEGER.test(key) ? Number.parseInt(key, 10) : null;
}

export function classMapping(
  labels: readonly string[],
  modelClasses: string[] | null,
  width: number | null,
  file: string,
): ClassMapping {
  if (modelClasses && modelClasses.length > 0 && modelClasses.every((c) => asIndex(c) !== null)) {
    // integer class labels (classlabels_int64s, say 3, 5, 8): a data label is matched by its value, never taken as an
    // index
    const byValue = new Map(modelClasses.map((c, i) => [asIndex(c)!, i] as const));
    const indexOf = (v: unknown) => {
      const n = asIndex(labelKey(v));
      return n === null ? -1 : (byValue.get(n) ?? -1);
    };
    return {
      classes: modelClasses,
      describe: "the model's own class labels (integers, matched by value)",
      indexOf: checked(labels, indexOf, file, modelClasses),
    };
  }
  if (modelClasses && modelClasses.length > 0) {
    const byName = new Map(modelClasses.map((c, i) => [c, i] as const));
    const indexOf = (v: unknown) => {
      const key = labelKey(v);
      const i = byName.get(key) ?? asIndex(key);
      return i !== null && i !== undefined && i >= 0 && i < modelClasses.length ? i : -1;
    };
    return {
      classes: modelClasses,
      describe: "the model's own class names",
      indexOf: checked(labels, indexOf, file, modelClasses),
    };
  }
  if (labels.every((l) => asIndex(l) !== null)) {
    const max = labels.reduce((m, l) => Math.max(m, asIndex(l)!), -1);
    const count = width ?? max + 1;
    const classes = Array.from({ length: count }, (_, i) => String(i));
    const indexOf = (v: unknown) => {
      const i = asIndex(labelKey(v));
      return i !== null && i >= 0 && i < count ? i : -1;
    };
    return { classes, describe: 'integer labels are class indices', indexOf: checked(labels, indexOf, file) };
  }
  const classes = [...new Set(labels)].sort();
  if (width !== null && classes.length !== width) {
    throw inputError(
      'replay-labels-ambiguous',
      `${file}: ${classes.length} distinct labels (${classes.slice(0, 10).join(', ')}) but the model outputs ${width} classes; cannot tell which output is which label`,
      file,
    );
  }
  const byName = new Map(classes.map((c, i) => [c, i] as const));
  return { classes, describe: 'sorted unique labels of the data', indexOf: (v) => byName.get(labelKey(v)) ?? -1 };
}

/** Every data label must map to a class; a label the mapping does not know is an input error, not a wrong answer. */
function checked(
  labels: readonly string[],
  indexOf: (v: unknown) => number,
  file: string,
  classes?: readonly string[],
): (v: unknown) => number {
  for (const [row, l] of labels.entries()) {
    if (indexOf(l) < 0) {
      const known = classes ? ` (${classes.slice(0, 10).join(', ')}${classes.length > 10 ? ', …' : ''})` : '';
      throw inputError(
        'replay-label-unknown',
        `${file}: row ${row + 1}: label "${l}" is not one of the model's classes${known}`,
        file,
      );
    }
  }
  return indexOf;
}
