import { z } from 'zod';

/** Error codes that cross the IPC/HTTP boundary; kebab-case as the CLI contract asks. */
export const errorCodeSchema = z.enum([
  'invalid-request', // the request failed its schema
  'unauthorized', // wrong sender frame or missing token
  'unknown-channel',
  'not-found',
  'conflict',
  'refused', // a hostile or invalid input was refused
  'cancelled',
  'store-locked', // another instance holds the store
  'store-newer', // the database was written by a newer version
  'io-error',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

/** Handlers return a Result instead of throwing across the process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

export function resultSchema<T extends z.ZodTypeAny>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: appErrorSchema }),
  ]);
}

/** A failure with a code, thrown inside core and turned into a Result at the boundary. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}
