import { isIsoDate } from './dates';
import { type CrateGraph, type Entity, hasType, refIds, refs, text } from './graph';
import type { ProblemList } from './rules';

/** Descriptor → root, the crate version, and the profile-level rules (Process/Workflow/Provenance Run Crate). */
export const BUNDLE_PROFILE = 'urn:provenance-desk:bundle:1';
const DESCRIPTOR_IDS = ['ro-crate-metadata.json', 'ro-crate-metadata.jsonld'];
const CRATE_SPEC = /^https?:\/\/w3id\.org\/ro\/crate\/(\d+\.\d+)(-DRAFT)?\/?$/;
const CRATE_CONTEXT = /^https?:\/\/w3id\.org\/ro\/crate\/(\d+\.\d+)(?:-DRAFT)?\/context\/?$/;
const SUPPORTED_VERSIONS = ['1.1', '1.2', '1.3'];
const WFRUN = /^https?:\/\/w3id\.org\/ro\/wfrun\//;
const WFRUN_KNOWN = /^https?:\/\/w3id\.org\/ro\/wfrun\/(process|workflow|provenance)\/\d+\.\d+(-DRAFT)?\/?$/;
export const ACTION_TYPES = ['CreateAction', 'ActivateAction', 'UpdateAction', 'ControlAction', 'OrganizeAction'];
const RUN_ACTION_TYPES = ['CreateAction', 'ActivateAction', 'UpdateAction'];

export interface CrateStructure {
  root: Entity | null;
  crateVersion: string | null;
  conformsTo: string[];
  /** The crate claims our bundle profile: BUNDLE-FORMAT's own requirements become errors. */
  strict: boolean;
}

export function readStructure(doc: Record<string, unknown>, graph: CrateGraph, problems: ProblemList): CrateStructure {
  const descriptor =
    DESCRIPTOR_IDS.map((id) => graph.get(id)).find((e) => e !== undefined) ?? findDescriptorBySpec(graph);
  let rootId: string | null = null;
  if (!descriptor) {
    problems.error(
      'crate-descriptor-missing',
      'descriptor',
      'no metadata descriptor entity "ro-crate-metadata.json" in @graph',
      { entity: 'ro-crate-metadata.json' },
    );
  } else {
    if (!hasType(descriptor, 'CreativeWork')) {
      problems.error(
        'crate-descriptor-type',
        'descriptor',
        `metadata descriptor has @type ${JSON.stringify(descriptor.types)}, not CreativeWork`,
        { entity: descriptor.id },
      );
    }
    rootId = refIds(descriptor.props['about'])[0] ?? null;
    if (rootId === null)
      problems.error(
        'crate-descriptor-no-about',
        'descriptorAbout',
        'metadata descriptor has no "about" naming the root data entity',
        { entity: descriptor.id },
      );
    if (!refIds(descriptor.props['conformsTo']).some((c) => CRATE_SPEC.test(c))) {
      problems.warn(
        'crate-descriptor-conformsto',
        'descriptorConformsTo',
        'metadata descriptor conformsTo does not name an RO-Crate specification version',
        { entity: descriptor.id },
      );
    }
  }

  let root: Entity | null = null;
  if (rootId !== null) {
    root = graph.get(rootId) ?? null;
    if (!root)
      problems.error(
        'crate-root-missing',
        'rootExists',
        `descriptor "about" points to "${rootId}", which is not in @graph`,
        { entity: rootId },
      );
  } else {
    root = graph.get('./') ?? null; // fall back so that the rest of the crate can still be read
  }
  if (root && !hasType(root, 'Dataset')) {
    problems.error(
      'crate-root-type',
      'rootType',
      `root data entity has @type ${JSON.stringify(root.types)}, not Dataset`,
      { entity: root.id },
    );
  }

  const crateVersion = readCrateVersion(doc, descriptor ?? null, problems);
  const conformsTo = root ? refIds(root.props['conformsTo']) : [];
  const strict = conformsTo.includes(BUNDLE_PROFILE);
  if (root) checkRoot(root, conformsTo, strict, problems);
  checkActions(graph, problems);
  return { root, crateVersion, conformsTo, strict };
}

function findDescriptorBySpec(graph: CrateGraph): Entity | undefined {
  // RO-Crate 1.1 "Finding the Root Data Entity": the entity whose conformsTo starts with w3id.org/ro/crate/
  return graph.entities.find(
    (e) => refIds(e.props['conformsTo']).some((c) => CRATE_SPEC.test(c)) && refIds(e.props['about']).length > 0,
  );
}

function readCrateVersion(
  doc: Record<string, unknown>,
  descriptor: Entity | null,
  problems: ProblemList,
): string | null {
  const fromDescriptor = descriptor
    ? refIds(descriptor.props['conformsTo'])
        .map((c) => CRATE_SPEC.exec(c)?.[1])
        .find((v) => v)
    : undefined;
  const contexts = [doc['@context']].flat().filter((c): c is string => typeof c === 'string');
  const fromContext = contexts.map((c) => CRATE_CONTEXT.exec(c)?.[1]).find((v) => v);
  const version = fromDescriptor ?? fromContext ?? null;
  if (version !== null && !SUPPORTED_VERSIONS.includes(version)) {
    problems.warn(
      'crate-version-unsupported',
      'crateVersion',
      `RO-Crate ${version} is outside 1.1–1.3; read on a best-effort basis`,
      { entity: descriptor?.id ?? 'ro-crate-metadata.json' },
    );
  }
  return version;
}

function checkRoot(root: Entity, conformsTo: string[], strict: boolean, problems: ProblemList): void {
  const at = { entity: root.id };
  if (!text(root.props['name'])) {
    problems.add(strict ? 'error' : 'warning', 'crate-root-no-name', 'rootName', 'root data entity has no name', at);
  }
  if (!text(root.props['description']))
    problems.warn('crate-root-no-description', 'rootDescription', 'root data entity has no description', at);
  const date = text(root.props['datePublished']);
  if (date === null)
    problems.warn('crate-root-no-date', 'rootDatePublished', 'root data entity has no datePublished', at);
  else if (!isIsoDate(date))
    problems.error('crate-date-invalid', 'rootDatePublished', `datePublished "${date}" is not an ISO 8601 date`, {
      ...at,
      property: 'datePublished',
      actual: date,
    });
  if (root.props['license'] === undefined)
    problems.warn('crate-root-no-license', 'rootLicense', 'root data entity has no license', at);
  if (!strict)
    problems.warn(
      'crate-not-bundle-profile',
      'bundleProfile',
      `root conformsTo does not include ${BUNDLE_PROFILE}; bundle-specific requirements are reported as warnings`,
      at,
    );
  for (const profile of conformsTo) {
    if (WFRUN.test(profile) && !WFRUN_KNOWN.test(profile)) {
      problems.error(
        'crate-profile-unknown',
        'wfrunProfile',
        `conformsTo "${profile}" is not a Workflow Run Crate profile (process, workflow or provenance, versioned)`,
        { ...at, actual: profile },
      );
    }
  }
}

function checkActions(graph: CrateGraph, problems: ProblemList): void {
  for (const e of graph.entities) {
    if (hasType(e, 'FormalParameter') && e.props['additionalType'] === undefined) {
      problems.error(
        'crate-formalparameter-no-type',
        'formalParameterType',
        `FormalParameter "${e.id}" has no additionalType`,
        { entity: e.id },
      );
    }
    if (!hasType(e, ...ACTION_TYPES)) continue;
    const instruments = refs(graph, e.props['instrument']);
    if (instruments.length === 0) {
      const control = hasType(e, 'ControlAction');
      problems.error(
        'crate-action-no-instrument',
        control ? 'controlInstrument' : 'actionInstrument',
        `${e.types.join('/')} "${e.id}" has no instrument`,
        { entity: e.id },
      );
    }
    if (hasType(e, ...RUN_ACTION_TYPES)) {
      if (refIds(e.props['agent']).length === 0 && !(e.props['agent'] && typeof e.props['agent'] === 'object')) {
        problems.warn('crate-action-no-agent', 'actionAgent', `${e.types.join('/')} "${e.id}" has no agent`, {
          entity: e.id,
        });
      }
      for (const { entity } of instruments) {
        if (
          entity &&
          hasType(entity, 'SoftwareApplication') &&
          !text(entity.props['version']) &&
          !text(entity.props['softwareVersion'])
        ) {
          problems.warn(
            'crate-application-no-version',
            'applicationVersion',
            `SoftwareApplication "${entity.id}" (instrument of "${e.id}") has no version`,
            { entity: entity.id },
          );
        }
      }
    }
    for (const key of ['startTime', 'endTime']) {
      const value = text(e.props[key]);
      if (value !== null && !isIsoDate(value)) {
        problems.error(
          'crate-date-invalid',
          'actionTime',
          `${key} "${value}" of "${e.id}" is not an ISO 8601 date-time`,
          { entity: e.id, property: key, actual: value },
        );
      }
    }
  }
}
