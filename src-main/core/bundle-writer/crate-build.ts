import type { Problem } from '../../common/problem';
import { inferRole, type RoleContext } from '../bundle/crate/roles';
import type { BundleDescription } from './bundle-description';
import { LocalIds, encodingFormatOf, fileId, spdxRef } from './crate-ids';
import type { HashedPayload } from './tag-files';

type Json = Record<string, unknown>;
export const BUNDLE_CONFORMS_TO = 'urn:provenance-desk:bundle:1';

export interface BuiltCrate {
  json: string;
  warnings: Problem[];
}

/**
 * data/ro-crate-metadata.json (RO-Crate 1.1, BUNDLE-FORMAT section 2) for a description and the hashed
 * payload (every payload file but the crate itself). Pure: same input, same bytes.
 */
export function buildCrate(d: BundleDescription, payload: HashedPayload[]): BuiltCrate {
  const ids = new LocalIds();
  const graph: Json[] = [];
  const warnings: BuiltCrate['warnings'] = [];
  const licenseEntities = new Map<string, Json>();
  const license = (expr: string | null | undefined): Json | undefined => {
    if (!expr) return undefined;
    const plain = spdxRef(expr);
    if (plain && !expr.startsWith('LicenseRef-')) return plain;
    let entity = licenseEntities.get(expr);
    if (!entity) {
      entity = { '@id': ids.next('license', expr), '@type': 'CreativeWork', name: expr, identifier: expr };
      licenseEntities.set(expr, entity);
    }
    return { '@id': entity['@id'] };
  };

  const person =
    d.author && (d.author.name || d.author.email)
      ? {
          '@id': d.author.email ? `mailto:${d.author.email}` : ids.next('person', d.author.name ?? 'author'),
          '@type': 'Person',
          ...(d.author.name ? { name: d.author.name } : {}),
          ...(d.author.email ? { email: d.author.email } : {}),
        }
      : null;

  // The crate has no role field: the reader infers roles from the run, the modules and the path. A model in a
  // format it does not know would read as a plain result, so such a model is left out of the run's result.
  const ctx: Omit<RoleContext, 'encodingFormat' | 'types'> = {
    moduleFiles: new Set(d.modules.flatMap((m) => m.files ?? [])),
    runObjects: new Set(d.files.filter((f) => f.role === 'data').map((f) => f.path)),
    runResults: new Set(),
    replayModel: typeof d.replay?.['model'] === 'string' ? d.replay['model'] : null,
    replayData: new Set(replayPath(d.replay, 'data')),
    replayResults: new Set(replayPath(d.replay, 'predictions')),
  };
  const roleOf = (path: string, c = ctx) =>
    inferRole(path, { ...c, encodingFormat: encodingFormatOf(path), types: ['File'] });
  for (const f of d.files) {
    if (
      f.role === 'result' ||
      (f.role === 'model' && roleOf(f.path, { ...ctx, runResults: new Set([f.path]) }) === 'model')
    )
      ctx.runResults.add(f.path);
  }

  const described = new Map(d.files.map((f) => [f.path, f]));
  const modules = d.modules.map((m) => {
    const id = ids.next('module', m.name);
    return {
      '@id': id,
      '@type': 'SoftwareSourceCode',
      name: m.name,
      ...opt('version', m.version),
      ...opt('codeRepository', m.repository),
      ...opt('identifier', m.commit),
      ...(m.license ? { license: license(m.license) } : {}),
      ...((m.files ?? []).length > 0 ? { hasPart: (m.files ?? []).map((f) => ({ '@id': fileId(f) })) } : {}),
    };
  });

  const objects: Json[] = [];
  const results: Json[] = [];
  const extra: Json[] = [];
  const fileEntities = payload.map((p) => {
    const f = described.get(p.path);
    const format = encodingFormatOf(p.path);
    const e: Json = {
      '@id': fileId(p.path),
      '@type': 'File',
      name: p.path.slice(p.path.lastIndexOf('/') + 1),
      ...opt('encodingFormat', format),
      contentSize: String(p.size),
      sha256: p.sha256,
    };
    if (f?.description) e['description'] = f.description;
    if (f?.license) e['license'] = license(f.license);
    if (f?.access) e['conditionsOfAccess'] = f.access;
    if (f?.dataset) {
      Object.assign(e, opt('version', f.dataset.version ?? null), opt('url', f.dataset.url ?? null));
      if (f.dataset.name) e['alternateName'] = f.dataset.name;
      if (f.dataset.fingerprint) {
        const fp = {
          '@id': ids.next('fingerprint', p.path),
          '@type': 'PropertyValue',
          propertyID: f.dataset.fingerprint.algorithm,
          value: f.dataset.fingerprint.value,
          description:
            'a weak fingerprint recorded by the tracking tool, not a checksum: the sha256 above is what protects this file',
        };
        extra.push(fp);
        e['identifier'] = { '@id': fp['@id'] };
      }
    }
    if (f?.role === 'data') objects.push({ '@id': e['@id'] });
    if (ctx.runResults.has(p.path)) results.push({ '@id': e['@id'] });
    return e;
  });

  for (const ds of d.datasets ?? []) {
    const id =
      ds.url && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(ds.url) && !/^file:/i.test(ds.url)
        ? ds.url
        : ids.next('dataset', ds.name);
    const e: Json = {
      '@id': id,
      '@type': 'Dataset',
      name: ds.name,
      ...opt('url', ds.url),
      ...opt('version', ds.version ?? null),
      ...opt('description', ds.description ?? null),
    };
    if (ds.fingerprint) {
      const fp = {
        '@id': ids.next('fingerprint', ds.name),
        '@type': 'PropertyValue',
        propertyID: ds.fingerprint.algorithm,
        value: ds.fingerprint.value,
        description: 'a weak fingerprint recorded by the tracking tool, not a checksum',
      };
      extra.push(fp);
      e['identifier'] = { '@id': fp['@id'] };
    }
    extra.push(e);
    objects.push({ '@id': id });
  }
  const params = Object.entries(d.parameters).map(([name, value]) => ({
    '@id': ids.next('param', name),
    '@type': 'PropertyValue',
    name,
    value,
  }));
  const metrics = Object.entries(d.metrics).map(([name, value]) => ({
    '@id': ids.next('metric', name),
    '@type': 'PropertyValue',
    name,
    value,
  }));
  const env = d.environment;
  const packages: Json[] = [];
  if (env?.runtime)
    packages.push({
      '@id': ids.next('pkg', env.runtime.name),
      '@type': 'SoftwareApplication',
      name: env.runtime.name,
      version: env.runtime.version,
    });
  for (const [name, version] of Object.entries(env?.packages ?? {}))
    packages.push({ '@id': ids.next('pkg', name), '@type': 'SoftwareApplication', name, version });
  const pipeline: Json = {
    '@id': '#pipeline',
    '@type': 'SoftwareApplication',
    name: d.pipeline?.name ?? `${d.name} pipeline`,
    ...opt('version', d.pipeline?.version ?? null),
    hasPart: modules.map((m) => ({ '@id': m['@id'] })),
    softwareRequirements: packages.map((p) => ({ '@id': p['@id'] })),
  };
  const run: Json = {
    '@id': '#run',
    '@type': 'CreateAction',
    name: d.run.name ?? d.name,
    ...opt('description', d.hypothesis),
    ...(person ? { agent: { '@id': person['@id'] } } : {}),
    instrument: { '@id': '#pipeline' },
    object: [...objects, ...params.map((p) => ({ '@id': p['@id'] }))],
    result: [...results, ...metrics.map((m) => ({ '@id': m['@id'] }))],
    ...opt('startTime', d.run.startTime),
    ...opt('endTime', d.run.endTime),
    identifier: d.run.id,
    actionStatus: { '@id': 'http://schema.org/CompletedActionStatus' },
  };
  const root: Json = {
    '@id': './',
    '@type': 'Dataset',
    name: d.name,
    ...opt('description', d.description),
    datePublished: d.datePublished,
    ...(d.license ? { license: license(d.license) } : {}),
    ...opt('conditionsOfAccess', d.access),
    ...(person ? { author: { '@id': person['@id'] } } : {}),
    mentions: { '@id': '#run' },
    conformsTo: [{ '@id': BUNDLE_CONFORMS_TO }],
    hasPart: payload.map((p) => ({ '@id': fileId(p.path) })),
  };
  const descriptor = {
    '@id': 'ro-crate-metadata.json',
    '@type': 'CreativeWork',
    conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' },
    about: { '@id': './' },
  };
  graph.push(
    descriptor,
    root,
    ...(person ? [person] : []),
    ...fileEntities,
    ...extra,
    ...modules,
    pipeline,
    ...packages,
    ...params,
    ...metrics,
    run,
    ...licenseEntities.values(),
  );

  for (const f of d.files) {
    const read = roleOf(f.path);
    if (read !== f.role)
      warnings.push({
        code: 'role-not-recorded',
        message: `${f.path}: declared role "${f.role}" will read as "${read}" (the crate records roles only through the run, the modules and the path)`,
        path: `data/${f.path}`,
      });
  }
  return {
    json: `${JSON.stringify({ '@context': 'https://w3id.org/ro/crate/1.1/context', '@graph': graph }, null, 2)}\n`,
    warnings,
  };
}

function opt(key: string, value: string | null | undefined): Json {
  return value === null || value === undefined || value === '' ? {} : { [key]: value };
}

function replayPath(replay: Record<string, unknown> | null, key: 'data' | 'predictions'): string[] {
  const v = replay?.[key];
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object' && typeof (v as Json)['path'] === 'string') return [(v as Json)['path'] as string];
  return [];
}
