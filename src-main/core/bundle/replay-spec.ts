import { z } from 'zod';
import type { Problem } from '../../common/problem';

/** `data/replay.json` (BUNDLE-FORMAT section 3): how to re-run the evaluation and what to compare. */

export const REPLAY_CONFORMS_TO = 'urn:provenance-desk:replay:1';
const RULE = 'BUNDLE-FORMAT section 3 (data/replay.json)';

export const replayTaskSchema = z.enum(['classification', 'regression', 'text-classification', 'tensor']);
export type ReplayTask = z.infer<typeof replayTaskSchema>;

const CLASSIFICATION_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'macro_f1',
  'weighted_f1',
  'micro_f1',
  'macro_precision',
  'macro_recall',
  'log_loss',
  'roc_auc',
  'top_k_accuracy',
] as const;

/** Metric names per task, following scikit-learn (section 3). */
export const REPLAY_METRICS: Record<ReplayTask, readonly string[]> = {
  classification: CLASSIFICATION_METRICS,
  'text-classification': CLASSIFICATION_METRICS,
  regression: ['mae', 'mse', 'rmse', 'r2', 'max_error'],
  tensor: ['max_abs_error', 'mean_abs_error'],
};

/** A path inside the payload: relative, `/`-separated, no `..`, no drive or scheme (it is opened later). */
export const payloadPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !/^[A-Za-z]:/.test(p) && !p.includes('\0'),
    'must be a relative path with "/" separators',
  )
  .refine((p) => !p.split('/').some((s) => s === '..'), 'must not contain ".."');

const toleranceSchema = z
  .object({ abs: z.number().finite().min(0).default(0), rel: z.number().finite().min(0).default(0) })
  .default({ abs: 0, rel: 0 });

const metricSchema = z.object({ name: z.string().min(1), tolerance: toleranceSchema });

const dataSchema = z.object({
  path: payloadPathSchema,
  format: z.enum(['csv', 'jsonl', 'parquet', 'npy']),
  // null = every column but the label (for npy, features and label are .npy paths instead)
  features: z.array(z.string().min(1)).min(1).nullable().default(null),
  label: z.string().min(1).default('label'),
  text: z.string().min(1).default('text'), // text-classification only: the text field
});

const caseSchema = z.object({
  inputs: z.record(z.string(), payloadPathSchema),
  outputs: z.record(z.string(), payloadPathSchema),
});

const OUTPUT_KIND_BY_TASK = {
  classification: 'probabilities',
  'text-classification': 'logits',
  regression: 'values',
  tensor: 'values',
} as const;

export const replaySpecSchema = z
  .object({
    conformsTo: z.literal(REPLAY_CONFORMS_TO).default(REPLAY_CONFORMS_TO),
    task: replayTaskSchema,
    model: payloadPathSchema,
    modelInput: z.string().min(1).nullable().default(null), // null = the model's only input
    modelOutput: z.string().min(1).nullable().default(null), // null = the model's first output
    // absent: derived from the task (probabilities, logits for text models, values otherwise)
    outputKind: z.enum(['probabilities', 'logits', 'labels', 'values']).optional(),
    // several model inputs: ONNX input name -> the data columns feeding it, in order (null = one input, every feature)
    inputs: z
      .record(z.string().min(1), z.array(z.string().min(1)).min(1))
      .nullable()
      .default(null),
    // class names in output order, where neither the model nor the data settles them
    classes: z.array(z.string()).min(1).nullable().default(null),
    data: dataSchema.nullable().default(null),
    batchSize: z.number().int().min(1).max(1_000_000).default(256),
    metrics: z.array(metricSchema).min(1),
    predictions: payloadPathSchema.nullable().default(null),
    cases: z.array(caseSchema).min(1).nullable().default(null),
  })
  .superRefine((s, ctx) => {
    if (s.task !== 'tensor' && !s.data)
      ctx.addIssue({ code: 'custom', path: ['data'], message: `required for task "${s.task}"` });
    if (s.task === 'tensor' && !s.cases)
      ctx.addIssue({ code: 'custom', path: ['cases'], message: 'required for task "tensor"' });
    if (s.task !== 'tensor' && s.cases)
      ctx.addIssue({ code: 'custom', path: ['cases'], message: 'only for task "tensor"' });
    if (s.inputs && (s.task === 'tensor' || s.task === 'text-classification'))
      ctx.addIssue({ code: 'custom', path: ['inputs'], message: `not for task "${s.task}"` });
    if (s.inputs && Object.keys(s.inputs).length === 0)
      ctx.addIssue({ code: 'custom', path: ['inputs'], message: 'names no model input' });
    if (s.inputs && s.data?.format === 'npy')
      ctx.addIssue({
        code: 'custom',
        path: ['inputs'],
        message: 'named inputs take columns of a csv, jsonl or parquet table',
      });
    if (s.inputs && s.modelInput)
      ctx.addIssue({ code: 'custom', path: ['modelInput'], message: 'give either modelInput or inputs' });
    if (s.classes && new Set(s.classes).size !== s.classes.length)
      ctx.addIssue({ code: 'custom', path: ['classes'], message: 'a class name is listed twice' });
    if (s.task === 'regression' && s.outputKind && s.outputKind !== 'values') {
      ctx.addIssue({ code: 'custom', path: ['outputKind'], message: 'a regression model outputs "values"' });
    }
    const known = REPLAY_METRICS[s.task];
    const seen = new Set<string>();
    s.metrics.forEach((m, i) => {
      if (!known.includes(m.name))
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', i, 'name'],
          message: `unknown metric "${m.name}" for task "${s.task}" (known: ${known.join(', ')})`,
        });
      if (seen.has(m.name))
        ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `metric "${m.name}" listed twice` });
      seen.add(m.name);
    });
  })
  .transform((s) => ({ ...s, outputKind: s.outputKind ?? OUTPUT_KIND_BY_TASK[s.task] }));

export type ReplaySpec = z.output<typeof replaySpecSchema>;

const KNOWN_KEYS = new Set([
  'conformsTo',
  'task',
  'model',
  'modelInput',
  'modelOutput',
  'outputKind',
  'inputs',
  'classes',
  'data',
  'batchSize',
  'metrics',
  'predictions',
  'cases',
]);

export function parseReplaySpec(value: unknown): { spec: ReplaySpec | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = replaySpecSchema.safeParse(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      if (!KNOWN_KEYS.has(key)) {
        problems.push({
          code: 'replay-unknown-field',
          message: `replay.json: unknown field "${key}" is ignored`,
          path: 'data/replay.json',
          pointer: `/${key}`,
          rule: RULE,
          severity: 'warning',
        });
      }
    }
  }
  if (parsed.success) return { spec: parsed.data, problems };
  for (const issue of parsed.error.issues) {
    const pointer = issue.path.map((p) => '/' + String(p)).join('');
    problems.push({
      code: 'replay-invalid',
      message: `replay.json${pointer ? ' ' + pointer : ''}: ${issue.message}`,
      path: 'data/replay.json',
      pointer,
      rule: RULE,
      severity: 'error',
    });
  }
  return { spec: null, problems };
}
