import { createRequire } from 'node:module';

/**
 * The SPDX license list as the spdx-license-ids package ships it. Loaded with require because the
 * package is plain JSON and the CLI bundle keeps node_modules external (an ESM JSON import would
 * need an import attribute that not every runner passes through).
 */
const require = createRequire(import.meta.url);
const current = require('spdx-license-ids/index.json') as string[];
const deprecated = require('spdx-license-ids/deprecated.json') as string[];

export const currentIds: ReadonlySet<string> = new Set(current);
export const deprecatedIds: ReadonlySet<string> = new Set(deprecated);
export const allCurrentIds: readonly string[] = current;

const byLowerCase = new Map<string, string>();
for (const id of [...deprecated, ...current]) byLowerCase.set(id.toLowerCase(), id);

/** The id spelled as SPDX spells it, for a case-insensitive match (Hugging Face writes `apache-2.0`). */
export function idIgnoringCase(text: string): string | null {
  return byLowerCase.get(text.trim().toLowerCase()) ?? null;
}

export function isCustomRef(id: string): boolean {
  return /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(id);
}

/**
 * Replacements for deprecated ids, from the SPDX list's deprecation notes. The GNU family's bare ids
 * always meant "only" (`GPL-2.0` = `GPL-2.0-only`); spdx-correct maps some of them to "-or-later",
 * which would widen the grant, so the GNU ones are derived here and the rest listed.
 */
const deprecatedReplacements: Record<string, string> = {
  'BSD-2-Clause-FreeBSD': 'BSD-2-Clause',
  'BSD-2-Clause-NetBSD': 'BSD-2-Clause',
  'GPL-2.0-with-GCC-exception': 'GPL-2.0-or-later WITH GCC-exception-2.0',
  'GPL-2.0-with-autoconf-exception': 'GPL-2.0-or-later WITH Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'GPL-2.0-or-later WITH Bison-exception-2.2',
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0-with-font-exception': 'GPL-2.0-or-later WITH Font-exception-2.0',
  'GPL-3.0-with-GCC-exception': 'GPL-3.0-or-later WITH GCC-exception-3.1',
  'GPL-3.0-with-autoconf-exception': 'GPL-3.0-or-later WITH Autoconf-exception-3.0',
  Nunit: 'zlib-acknowledgement',
  'StandardML-NJ': 'SMLNJ',
  'bzip2-1.0.5': 'bzip2-1.0.6',
  'eCos-2.0': 'GPL-2.0-or-later WITH eCos-exception-2.0',
  wxWindows: 'LGPL-2.0-or-later WITH WxWindows-exception-3.1',
};

/** The current expression for a deprecated id (with `+` when written `GPL-2.0+`), or null when none is known. */
export function replacementFor(id: string, plus: boolean): string | null {
  if (currentIds.has(`${id}-only`)) return plus ? `${id}-or-later` : `${id}-only`;
  const listed = deprecatedReplacements[id];
  return listed && !plus ? listed : null;
}
