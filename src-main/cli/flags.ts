import type { z } from 'zod';
import { CliExit, exitCode } from './output';

/**
 * Command-line flags checked with the contract's schemas (src-main/common), the ones the app's requests are checked
 * with: a value the schema refuses is a usage error (exit 2) naming the flag and what it takes.
 */

export interface FlagSpec {
  flag?: string; // the flag as typed (default: --kebab-case of the field)
  // what it takes, in words, when the schema's own message would not say (e.g. "a positive whole number")
  expected?: string;
}

/**
 * Parses `values` (commander's strings, numbers already converted by `number`) with `schema`; throws CliExit(2) naming
 * each refused flag.
 */
export function parseFlags<S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
  specs: Record<string, FlagSpec> = {},
): z.output<S> {
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue; // one message per flag
    seen.add(field);
    messages.push(describeIssue(issue, field, valueAt(defined, issue.path), specs[field] ?? {}));
  }
  throw new CliExit(exitCode.usage, messages.join('; '));
}

/** A whole number as typed, or the text unchanged for the schema to refuse (so the message shows what was given). */
export function number(value: string | undefined): number | string | undefined {
  return value !== undefined && /^[+-]?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

/** The value an issue is about: the flag's, or one element of a repeated flag's. */
function valueAt(values: Record<string, unknown>, at: readonly PropertyKey[]): unknown {
  let value: unknown = values;
  for (const key of at)
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function describeIssue(issue: z.core.$ZodIssue, field: string, given: unknown, spec: FlagSpec): string {
  const flag = spec.flag ?? flagName(field);
  const shown = given === undefined ? '' : `, not ${JSON.stringify(given)}`;
  if (spec.expected) return `${flag} takes ${spec.expected}${shown}`;
  if (issue.code === 'invalid_value' && issue.values.length > 0)
    return `${flag} takes ${listed(issue.values.map(String))}${shown}`;
  if (issue.code === 'invalid_type' && given === undefined) return `${flag} is required`;
  if (issue.code === 'unrecognized_keys')
    return `unknown option${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map(flagName).join(', ')}`;
  return `${flag}: ${issue.message}`;
}

/** "a or b"; "a, b, c" (the list the commands have always printed). */
function listed(values: string[]): string {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : values.join(', ');
}
