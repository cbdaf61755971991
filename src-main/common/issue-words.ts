import type { z } from 'zod';

/**
 * A zod issue in words that name the field (issue 17: not "expected string, received undefined"): `member 1: name is
 * missing (text expected)`. The path reads as people count: the first of `members` is "member 1".
 */
export function fieldName(path: readonly PropertyKey[], whole = 'the file'): string {
  if (path.length === 0) return whole;
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (typeof key === 'string' && typeof next === 'number') {
      parts.push(`${key.endsWith('s') ? key.slice(0, -1) : key} ${next + 1}`);
      i++;
    } else parts.push(typeof key === 'number' ? `item ${key + 1}` : String(key));
  }
  const [first, ...rest] = parts;
  return rest.length ? `${first}: ${rest.join(' ')}` : first!;
}

const KIND: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

export function issueWords(issue: z.core.$ZodIssue, whole = 'the file'): string {
  const field = fieldName(issue.path, whole);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = KIND[issue.expected] ?? issue.expected;
      return /received undefined/.test(issue.message)
        ? `${field} is missing (${expected} expected)`
        : `${field} must be ${expected}`;
    }
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${field} is empty`
          : `${field} is too short (at least ${issue.minimum} characters)`;
      if (issue.origin === 'array')
        return `${field} needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
      return `${field} must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${field} is too long (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array') return `${field} has too many entries (at most ${issue.maximum})`;
      return `${field} must be at most ${issue.maximum}`;
    case 'unrecognized_keys':
      return `${field} has ${issue.keys.length === 1 ? 'a field' : 'fields'} this file does not know: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field}: ${issue.message}`;
  }
}
