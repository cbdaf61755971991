import type { Problem } from '../../common/problem';
import { foldKey, unsafePathReason } from '../integrity/bag-path';
import { RULES } from '../integrity/bag-rules';

/**
 * Names of archive entries and of files in folder bundles (THREATS 1): checked as written, never
 * URL-decoded first. Returns the reason a name is refused, or null.
 */
export function entryNameProblem(name: string): string | null {
  if (name.startsWith('\\\\') || name.startsWith('//')) return 'UNC path';
  const body = name.endsWith('/') ? name.slice(0, -1) : name;
  return unsafePathReason(body);
}

export function refusedName(name: string, reason: string): Problem {
  return {
    code: 'entry-name-unsafe',
    message: `entry ${JSON.stringify(name)} is refused: ${reason}`,
    path: name,
    rule: RULES.archiveName,
  };
}

/**
 * THREATS 3: names equal exactly, or after NFC and case folding, would land on one file on some
 * systems; a file and a folder with the same name would too. Returns one problem per collision.
 */
export function duplicateNameProblems(names: { name: string; isDir: boolean }[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, { name: string; isDir: boolean }>();
  const dup = (a: string, b: string, why: string) =>
    problems.push({
      code: 'entry-duplicate',
      message: `entries ${JSON.stringify(a)} and ${JSON.stringify(b)} ${why}`,
      path: b,
      rule: RULES.archiveDuplicate,
    });
  for (const n of names) {
    const bare = n.name.replace(/\/$/, '');
    const key = foldKey(bare);
    const other = seen.get(key);
    if (other) {
      if (other.isDir && n.isDir && other.name === n.name) dup(other.name, n.name, 'are the same folder listed twice');
      else if (other.isDir !== n.isDir) dup(other.name, n.name, 'name a file and a folder the same');
      else
        dup(
          other.name,
          n.name,
          other.name === n.name ? 'have the same name' : 'are equal after Unicode NFC or case folding',
        );
      continue;
    }
    seen.set(key, n);
  }
  // A file may not also be the parent folder of another entry ("a" and "a/b").
  for (const n of names) {
    const parts = n.name.replace(/\/$/, '').split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = seen.get(foldKey(parts.slice(0, i).join('/')));
      if (parent && !parent.isDir) {
        dup(parent.name, n.name, 'use a file as a folder');
        break;
      }
    }
  }
  return problems;
}
