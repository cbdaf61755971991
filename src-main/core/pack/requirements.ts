/** Package pins from the files Python projects keep: requirements.txt / pip freeze, conda.yaml, python_env.yaml. */

const PIN = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#]+)/;

/** `name==version` lines (pip freeze, requirements.txt); unpinned lines are returned apart. */
export function parseRequirements(text: string): { packages: Record<string, string>; unpinned: string[] } {
  const packages: Record<string, string> = {};
  const unpinned: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue; // comments, -r/-e/--index-url options
    const m = PIN.exec(line);
    if (m?.[1] && m[2]) packages[m[1].toLowerCase()] = m[2];
    else unpinned.push(line);
  }
  return { packages, unpinned };
}

/** A conda spec `name=version[=build]` or `name==version`; pip entries are parsed as requirements. */
export function parseCondaSpec(spec: string): [string, string] | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*={1,2}\s*([^=\s]+)/.exec(spec.trim());
  return m?.[1] && m[2] ? [m[1].toLowerCase(), m[2]] : null;
}
