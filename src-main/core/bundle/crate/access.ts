import type { AccessClass } from '../../../common/schemas/bundle';

const CLASSES: readonly AccessClass[] = ['public', 'internal', 'restricted', 'confidential'];

/** `conditionsOfAccess` text → a class; case and surrounding spaces are forgiven, nothing else is. */
export function classifyAccess(raw: string | null): AccessClass {
  if (raw === null) return 'unclassified';
  const v = raw.trim().toLowerCase();
  return (CLASSES as readonly string[]).includes(v) ? (v as AccessClass) : 'unclassified';
}
