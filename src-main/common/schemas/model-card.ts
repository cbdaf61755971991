import { z } from 'zod';

/**
 * The model card on a bundle page (issue 16): what the ONNX file says of itself, read before any replay runs, and
 * whether this machine's ONNX Runtime loads it. src-main/core/replay/model-card.ts builds it.
 */

const valueInfoSchema = z.object({
  name: z.string(),
  type: z.string(), // ONNX notation: tensor(float)[?,4], seq(map(int64,tensor(float)))
});

export const modelCardSchema = z.object({
  path: z.string(), // the model's payload path under data/
  producer: z.string(), // producer name and version as the file records them ('' when absent)
  irVersion: z.number().int().nullable(),
  opsets: z.array(z.object({ domain: z.string(), version: z.number().int() })),
  inputs: z.array(valueInfoSchema),
  outputs: z.array(valueInfoSchema),
  operators: z.array(
    z.object({
      domain: z.string(), // '' = the standard ONNX operators
      opType: z.string(),
      count: z.number().int(),
      supported: z.enum(['yes', 'no', 'unknown']), // 'unknown': the runtime stopped at an earlier operator
    }),
  ),
  classes: z.array(z.string()).nullable(), // class names the model carries (classlabels_*, ZipMap keys)
  zipMapOutputs: z.array(z.string()), // outputs the replay reads through their ZipMap's tensor input
  runtime: z.object({
    name: z.string(), // onnxruntime-node
    version: z.string(),
    loads: z.boolean(), // the runtime loaded the model (in the limited worker)
    reason: z.string().nullable(), // why not: a refusal of the safety check or the runtime's own message
  }),
});
export type ModelCard = z.infer<typeof modelCardSchema>;
