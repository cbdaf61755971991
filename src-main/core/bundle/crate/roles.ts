import type { FileRole } from '../../../common/schemas/bundle';

/** What the crate and replay.json say about files, as payload-relative paths. */
export interface RoleContext {
  moduleFiles: Set<string>; // hasPart of SoftwareSourceCode modules
  runObjects: Set<string>; // the run's object (inputs)
  runResults: Set<string>; // the run's result (outputs)
  replayModel: string | null; // replay.json model (a file, or a folder for text-classification)
  replayData: Set<string>; // replay.json data.path, npy features/label, case inputs
  replayResults: Set<string>; // replay.json predictions, case outputs
  encodingFormat: string | null;
  types: string[];
}

const MODEL_EXT = /\.(onnx|pt|pth|safetensors|tflite|mlmodel)$/i;
const CODE_EXT = /\.(py|ipynb|r|R|jl|sh|js|ts|java|scala|c|cpp|go|rs|cwl|ga|smk|nf|wdl)$|(^|\/)Snakefile$/;
const DATA_EXT = /\.(csv|tsv|parquet|npy|npz|jsonl|arff|feather)$/i;
const CODE_FORMAT = /python|x-r\b|javascript|typescript|x-sh|shellscript|ipynb|x-java|x-c\b|x-c\+\+|julia|cwl/i;
const DATA_FORMAT = /csv|tab-separated|parquet|npy|jsonl|ndjson|arff/i;
const PREFIXES: [RegExp, FileRole][] = [
  [/^(code|src|scripts|workflow)\//, 'code'],
  [/^models?\//, 'model'],
  [/^(data|eval|datasets?|inputs?)\//, 'data'],
  [/^(results?|outputs?|metrics)\//, 'result'],
  [/^env\//, 'environment'],
];

/**
 * A file's role, from the strongest evidence to the weakest:
 * 1. names the bundle format fixes (ro-crate-metadata.json and replay.json are metadata, env/ is environment);
 * 2. code: listed in a module's hasPart, or itself typed SoftwareSourceCode;
 * 3. model: replay.json's model, or a run result in a model format; other run results and replay
 *    predictions are results;
 * 4. data: the run's object or replay.json's data;
 * 5. encodingFormat (text/x-python → code, text/csv → data, ONNX → model);
 * 6. last resort, the path: code/, model/, data/ or eval/, results/, env/ prefixes, then the extension.
 */
export function inferRole(path: string, ctx: RoleContext): FileRole {
  if (/^ro-crate-(metadata|preview)\.(json|jsonld|html)$/.test(path) || path === 'replay.json') return 'metadata';
  if (path.startsWith('env/')) return 'environment';
  if (ctx.moduleFiles.has(path) || ctx.types.includes('SoftwareSourceCode')) return 'code';
  const format = ctx.encodingFormat ?? '';
  const modelLike = /onnx/i.test(format) || MODEL_EXT.test(path);
  if (ctx.replayModel !== null && (path === ctx.replayModel || path.startsWith(ctx.replayModel.replace(/\/?$/, '/'))))
    return 'model';
  if (ctx.runResults.has(path)) return modelLike ? 'model' : 'result';
  if (ctx.replayResults.has(path)) return 'result';
  if (ctx.runObjects.has(path) || ctx.replayData.has(path)) return 'data';
  if (CODE_FORMAT.test(format)) return 'code';
  if (/onnx/i.test(format)) return 'model';
  if (DATA_FORMAT.test(format)) return 'data';
  for (const [prefix, role] of PREFIXES) if (prefix.test(path)) return role;
  if (MODEL_EXT.test(path)) return 'model';
  if (CODE_EXT.test(path)) return 'code';
  if (DATA_EXT.test(path)) return 'data';
  return 'other';
}
