import type { BundleFile } from '../../../common/schemas/bundle';
import { classifyAccess } from './access';
import { type CrateGraph, type Entity, hasType, isUriReference, localPath, text } from './graph';
import { readLicense, reportLicenseProblems } from './licenses';
import { type RoleContext, inferRole } from './roles';
import type { ProblemList } from './rules';

export interface PayloadEntry {
  path: string; // 'data/...'
  size: number;
  sha256: string;
}

export interface FilesInput {
  graph: CrateGraph;
  root: Entity | null;
  payload: PayloadEntry[];
  strict: boolean;
  rootLicense: string | null;
  roles: Omit<RoleContext, 'encodingFormat' | 'types'>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Payload path relative to data/ (the form crate @ids use). */
export function relPath(path: string): string {
  return path.startsWith('data/') ? path.slice(5) : path;
}

/**
 * One entry per payload file (the manifest decides what the payload is), described by the crate entity
 * that names it. Crate data entities that name no payload file are reported; so are digests that
 * disagree with the manifest.
 */
export function readFiles(input: FilesInput, problems: ProblemList): BundleFile[] {
  const { graph, root, payload, strict } = input;
  const present = new Map(payload.map((p) => [relPath(p.path), p]));
  const entityFor = new Map<string, Entity>();
  const presentPaths = [...present.keys()];

  for (const e of graph.entities) {
    if (!hasType(e, 'File', 'Dataset') || e === root) continue;
    const local = localPath(e.id);
    if (!local) continue; // web-based data entity or a #local identifier: nothing to find in the payload
    if (!isUriReference(e.id))
      problems.warn(
        'crate-id-not-uri',
        'idIsUri',
        `@id "${e.id}" is not a valid URI reference (spaces and % must be percent-encoded)`,
        { entity: e.id },
      );
    if (hasType(e, 'File')) {
      const path = present.has(local.raw) ? local.raw : present.has(local.decoded) ? local.decoded : null;
      if (path === null) {
        problems.add(
          strict ? 'error' : 'warning',
          'crate-file-absent',
          'filepresent',
          `File "${e.id}" is described in the crate but is not in the payload`,
          { entity: e.id, path: `data/${local.decoded}` },
        );
      } else if (!entityFor.has(path)) {
        entityFor.set(path, e);
      }
    } else {
      const dirs = [local.raw, local.decoded].map((d) => (d.endsWith('/') ? d : d + '/'));
      if (!presentPaths.some((p) => dirs.some((d) => p.startsWith(d)))) {
        problems.add(
          strict ? 'error' : 'warning',
          'crate-directory-absent',
          'directoryPresent',
          `Dataset "${e.id}" names a folder that is not in the payload`,
          { entity: e.id, path: `data/${local.decoded}` },
        );
      }
    }
  }

  const rootAccessRaw = root ? text(root.props['conditionsOfAccess']) : null;
  if (rootAccessRaw !== null && classifyAccess(rootAccessRaw) === 'unclassified') {
    problems.warn(
      'access-unknown',
      'access',
      `conditionsOfAccess "${rootAccessRaw}" is not public, internal, restricted or confidential`,
      { entity: root?.id ?? './', actual: rootAccessRaw },
    );
  }
  let unclassified = 0;

  const files = [...present.entries()].map(([path, entry]): BundleFile => {
    const e = entityFor.get(path) ?? null;
    const props = e?.props ?? {};
    const at = { entity: e?.id ?? path, path: entry.path };

    const lic = e && props['license'] !== undefined ? readLicense(graph, props['license']) : null;
    if (lic) reportLicenseProblems(lic, at.entity, problems);
    const ownAccess = text(props['conditionsOfAccess']);
    if (ownAccess !== null && classifyAccess(ownAccess) === 'unclassified') {
      problems.warn(
        'access-unknown',
        'access',
        `conditionsOfAccess "${ownAccess}" of "${at.entity}" is not public, internal, restricted or confidential`,
        { ...at, actual: ownAccess },
      );
    }
    const accessRaw = ownAccess ?? rootAccessRaw;
    if (accessRaw === null) unclassified++;

    checkDigest(e, entry, at, problems);
    const encodingFormat = text(props['encodingFormat']);
    const license = lic?.license ?? null;
    return {
      path,
      sha256: entry.sha256 || null,
      size: entry.size,
      role: inferRole(path, { ...input.roles, encodingFormat, types: e?.types ?? [] }),
      license: license ?? input.rootLicense,
      licenseInherited: license === null && input.rootLicense !== null,
      access: classifyAccess(accessRaw),
      accessRaw,
      encodingFormat,
      name: text(props['name']),
    };
  });

  if (unclassified > 0) {
    // Kept as a warning, the shipped sample included (issue 17): it is true, and only the author can fix it. The words
    // say
    // what it means here (no grant is asked for them) and how to fix it, instead of reading as a fault in the bundle.
    problems.warn(
      'access-unclassified',
      'access',
      `${unclassified} of ${files.length} files declare no access class (conditionsOfAccess, their own or the root's), so they are treated as unclassified: no grant is asked before they are opened, replayed or exported. The author can set one (public, internal, restricted or confidential) on the root or on each file`,
      { entity: root?.id ?? './' },
    );
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function checkDigest(
  e: Entity | null,
  entry: PayloadEntry,
  at: { entity: string; path: string },
  problems: ProblemList,
): void {
  if (!e) return;
  const crateSha = text(e.props['sha256']);
  const manifestSha = entry.sha256.toLowerCase();
  if (crateSha !== null && HEX64.test(manifestSha) && crateSha.trim().toLowerCase() !== manifestSha) {
    problems.error(
      'crate-sha256-mismatch',
      'sha256',
      `sha256 of "${entry.path}" in the crate disagrees with the manifest (the manifest is authoritative)`,
      {
        ...at,
        algorithm: 'sha256',
        expected: manifestSha,
        actual: crateSha,
      },
    );
  }
  const size = text(e.props['contentSize']);
  if (size !== null && /^\d+$/.test(size.trim()) && Number(size) !== entry.size) {
    problems.warn(
      'crate-size-mismatch',
      'contentSize',
      `contentSize ${size} of "${entry.path}" disagrees with the payload (${entry.size} bytes)`,
      { ...at, expected: String(entry.size), actual: size },
    );
  }
}
