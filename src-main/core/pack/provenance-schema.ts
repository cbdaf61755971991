import { z } from 'zod';
import { environmentSchema } from '../../common/schemas/bundle';
import { checkLicense } from '../licenses/expression';
import { defaultLicensePolicy } from '../licenses/policy';
import { payloadPathSchema } from '../bundle/replay-spec';

/** `provenance.yaml` in a run folder: what `provdesk pack` needs to describe the run (issue 8). */

const text = (what: string) =>
  z.string({
    error: (i) =>
      i.input === undefined
        ? `${what} is required`
        : `${what} must be text (put numbers such as versions or commits in quotes, e.g. "1.10")`,
  });

const spdx = text('license').superRefine((value, ctx) => {
  const check = checkLicense(value, defaultLicensePolicy);
  if (check.status === 'invalid')
    ctx.addIssue({
      code: 'custom',
      message: `${check.reason}${check.suggestion ? ` (perhaps "${check.suggestion}")` : ''}`,
    });
});

const access = z.enum(['public', 'internal', 'restricted', 'confidential'], {
  error: 'access must be one of public, internal, restricted, confidential',
});
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'a parameter value must be text, a number, true/false or null',
});

export const provenanceFileSchema = z
  .object({
    name: text('name').min(1),
    description: text('description').nullable().default(null),
    hypothesis: text('hypothesis').nullable().default(null),
    author: z
      .object({
        name: text('author.name').min(1),
        email: z.email({ error: 'author.email must be an e-mail address' }).nullable().default(null),
      })
      .strict(),
    license: spdx,
    access: access.optional(),
    run: z
      .object({
        id: text('run.id').min(1).optional(),
        name: text('run.name').optional(),
        startTime: text('run.startTime').optional(),
        endTime: text('run.endTime').optional(),
      })
      .strict()
      .optional(),
    files: z
      .array(
        z
          .object({
            path: payloadPathSchema,
            role: z.enum(['code', 'data', 'model', 'environment', 'result'], {
              error: 'role must be one of code, data, model, environment, result',
            }),
            license: spdx.optional(),
            access: access.optional(),
            module: text('module').optional(), // the module a code file belongs to
            description: text('description').optional(),
          })
          .strict(),
      )
      .min(1, 'list at least one file'),
    modules: z
      .array(
        z
          .object({
            name: text('name').min(1),
            version: text('version').nullable().default(null),
            repository: text('repository').nullable().default(null),
            commit: text('commit').nullable().default(null),
            license: spdx.optional(),
          })
          .strict(),
      )
      .default([]),
    pipeline: z
      .object({ name: text('pipeline.name').min(1), version: text('pipeline.version').nullable().default(null) })
      .strict()
      .optional(),
    parameters: z.record(z.string(), scalar).default({}),
    metrics: z.record(z.string(), z.number({ error: 'a metric must be a number' }).finite()).default({}),
    replay: z.record(z.string(), z.unknown()).nullable().default(null),
    environment: environmentSchema.nullable().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const modules = new Set(p.modules.map((m) => m.name));
    p.files.forEach((f, i) => {
      if (f.module !== undefined && !modules.has(f.module))
        ctx.addIssue({
          code: 'custom',
          path: ['files', i, 'module'],
          message: `no module named "${f.module}" under modules`,
        });
      if (f.module !== undefined && f.role !== 'code')
        ctx.addIssue({ code: 'custom', path: ['files', i, 'module'], message: 'only code files belong to a module' });
    });
  });

export type ProvenanceFile = z.output<typeof provenanceFileSchema>;
