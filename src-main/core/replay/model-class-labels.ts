import { int64ToNumber, type OnnxModel } from './onnx-proto';

/**
 * The class names an ONNX classifier carries: the `classlabels_strings` / `classlabels_int64s` (`classlabels_ints`
 * for LinearClassifier) attribute of the first ai.onnx.ml node of the main graph that has one, in output order.
 */
export function modelClassLabels(model: OnnxModel): string[] | null {
  const decoder = new TextDecoder();
  for (const node of model.graph?.node ?? []) {
    if (node.domain !== 'ai.onnx.ml') continue;
    for (const a of node.attribute) {
      if (a.name === 'classlabels_strings' && a.strings.length > 0) return a.strings.map((b) => decoder.decode(b));
      if ((a.name === 'classlabels_int64s' || a.name === 'classlabels_ints') && a.ints.length > 0) return a.ints.map((v) => String(int64ToNumber(v)));
    }
  }
  return null;
}
