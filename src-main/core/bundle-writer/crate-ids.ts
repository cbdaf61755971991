/** @ids for the entities a written crate contains: payload paths as URI references, `#local` ids unique. */

/** A payload path as an RO-Crate @id: each segment percent-encoded, so spaces and `%` stay valid URI references. */
export function fileId(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export function spdxRef(expression: string): { '@id': string } | null {
  const id = expression.trim();
  return /^[A-Za-z0-9.+-]+$/.test(id) && !/^(NOASSERTION|NONE)$/.test(id)
    ? { '@id': `https://spdx.org/licenses/${id}` }
    : null;
}

/** Hands out `#prefix-slug` ids, numbering the second and later uses of the same slug. */
export class LocalIds {
  private readonly used = new Set<string>();

  next(prefix: string, name: string): string {
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'x';
    let id = `#${prefix}-${slug}`;
    for (let n = 2; this.used.has(id); n++) id = `#${prefix}-${slug}-${n}`;
    this.used.add(id);
    return id;
  }
}

const FORMATS: Record<string, string> = {
  onnx: 'application/onnx',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  jsonl: 'application/jsonl',
  py: 'text/x-python',
  ipynb: 'application/x-ipynb+json',
  r: 'text/x-r',
  sh: 'text/x-sh',
  txt: 'text/plain',
  md: 'text/markdown',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  npy: 'application/x-npy',
  parquet: 'application/vnd.apache.parquet',
  html: 'text/html',
  png: 'image/png',
  svg: 'image/svg+xml',
};

/** The media type a file name suggests, or null (then the crate says nothing rather than guess). */
export function encodingFormatOf(path: string): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'MLmodel') return 'application/yaml';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? (FORMATS[base.slice(dot + 1).toLowerCase()] ?? null) : null;
}
