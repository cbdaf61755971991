import { OnnxReadError } from './onnx-read-error';
import { WIRE, type ProtoFileReader } from './proto-file-reader';

/**
 * The class names an ONNX classifier carries: the `classlabels_strings` / `classlabels_int64s` (`classlabels_ints`
 * for LinearClassifier) attribute of the first ai.onnx.ml node of the main graph that has one, in output order.
 * onnx-structure.ts finds the candidate AttributeProtos; they are decoded here, within limits.
 */

export const CLASS_LABEL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'classlabels_strings',
  'classlabels_int64s',
  'classlabels_ints',
]);
/** Far beyond any real classifier; the parent holds the names, so their number and size are bounded. */
export const MAX_CLASS_LABELS = 1_000_000;
export const MAX_CLASS_LABEL_BYTES = 16 * 1024 * 1024;

/** AttributeProto fields (onnx.proto). */
const ATTRIBUTE = { name: 1, ints: 8, strings: 9 } as const;

/**
 * Decodes the attributes at the given file ranges in order; the first with values wins. The reader's position is kept.
 */
export function readClassLabels(
  r: ProtoFileReader,
  attributes: ReadonlyArray<{ start: number; end: number }>,
): string[] | null {
  const back = r.pos;
  try {
    for (const a of attributes) {
      const labels = readAttribute(r, a.start, a.end);
      if (labels) return labels;
    }
    return null;
  } finally {
    r.pos = back;
  }
}

function readAttribute(r: ProtoFileReader, start: number, end: number): string[] | null {
  r.pos = start;
  let name = '';
  const strings: string[] = [];
  const ints: string[] = [];
  let bytes = 0;
  const count = () => {
    if (strings.length + ints.length > MAX_CLASS_LABELS)
      throw new OnnxReadError('model-too-large', `it carries more than ${MAX_CLASS_LABELS} class labels`);
  };
  r.fields(end, (field, wire) => {
    if (field === ATTRIBUTE.name) name = r.string(wire, end, 256).text;
    else if (field === ATTRIBUTE.strings) {
      const s = r.string(wire, end, MAX_CLASS_LABEL_BYTES - bytes);
      if (s.truncated)
        throw new OnnxReadError(
          'model-too-large',
          `its class labels are longer than ${MAX_CLASS_LABEL_BYTES / 2 ** 20} MiB`,
        );
      bytes += Buffer.byteLength(s.text);
      strings.push(s.text);
      count();
    } else if (field === ATTRIBUTE.ints && wire === WIRE.bytes) {
      const stop = r.lengthEnd(wire, end); // packed
      while (r.pos < stop) {
        ints.push(String(r.int64(stop)));
        count();
      }
    } else if (field === ATTRIBUTE.ints && wire === WIRE.varint) {
      ints.push(String(r.int64(end)));
      count();
    } else r.skip(wire, end, field);
  });
  if (name === 'classlabels_strings' && strings.length > 0) return strings;
  if ((name === 'classlabels_int64s' || name === 'classlabels_ints') && ints.length > 0) return ints;
  return null;
}
