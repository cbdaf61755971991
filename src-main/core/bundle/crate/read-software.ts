import type { BundleMetadata, Module } from '../../../common/schemas/bundle';
import { type CrateGraph, type Entity, hasType, localPath, refs, text, textOrId } from './graph';
import { readLicense, reportLicenseProblems } from './licenses';
import type { ProblemList } from './rules';

type Pipeline = NonNullable<BundleMetadata['pipeline']>;

/** Modules: every SoftwareSourceCode entity (a workflow file typed File+SoftwareSourceCode is one too). */
export function readModules(graph: CrateGraph, problems: ProblemList): Module[] {
  return graph.ofType('SoftwareSourceCode').map((e) => {
    const lic = e.props['license'] !== undefined ? readLicense(graph, e.props['license']) : null;
    if (lic) reportLicenseProblems(lic, e.id, problems);
    const parts = refs(graph, e.props['hasPart']).map((r) => r.id);
    const own = hasType(e, 'File') ? localPath(e.id) : null;
    return {
      id: e.id,
      name: text(e.props['name']) ?? e.id,
      version: version(e),
      codeRepository: textOrId(e.props['codeRepository']),
      identifier: textOrId(e.props['identifier']),
      license: lic?.license ?? null,
      files: [...(own ? [own.decoded] : []), ...parts.map((p) => localPath(p)?.decoded ?? p)],
    };
  });
}

/**
 * The pipeline: the run's instrument (a SoftwareApplication in our bundles; a ComputationalWorkflow in
 * workflow crates); without a run, a SoftwareApplication whose hasPart lists modules.
 */
export function readPipeline(
  graph: CrateGraph,
  run: Entity | null,
  modules: Module[],
  problems: ProblemList,
): Pipeline | null {
  const moduleIds = new Set(modules.map((m) => m.id));
  const instrument = run ? (refs(graph, run.props['instrument'])[0]?.entity ?? null) : null;
  const app =
    instrument ??
    graph.ofType('SoftwareApplication').find((e) => refs(graph, e.props['hasPart']).some((r) => moduleIds.has(r.id))) ??
    null;
  if (!app) return null;
  const requirements = refs(graph, app.props['softwareRequirements']).map(({ id, entity }) => {
    const v = entity ? version(entity) : null;
    if (v === null)
      problems.warn('package-no-version', 'applicationVersion', `software requirement "${id}" has no version`, {
        entity: id,
      });
    return { name: (entity && text(entity.props['name'])) ?? id, version: v };
  });
  const parts = refs(graph, app.props['hasPart'])
    .map((r) => r.id)
    .filter((id) => moduleIds.has(id));
  return {
    name: text(app.props['name']),
    version: version(app),
    modules: parts.length > 0 ? parts : moduleIds.has(app.id) ? [app.id] : [],
    requirements,
  };
}

/** Process Run Crate: softwareVersion wins over version when both are given. */
function version(e: Entity): string | null {
  return text(e.props['softwareVersion']) ?? text(e.props['version']);
}
