import type { Problem } from '../../common/problem';
import type { LicenseCode } from '../../common/problem-codes';
import type { BundleMetadata, FileRole } from '../../common/schemas/bundle';
import { isCopyleft, isNonCommercial, isShareAlike } from './categories';
import { analyzeLicense, type LicenseCheck, type LicenseStatus } from './expression';
import { policyHash, type LicensePolicy } from './policy';
import { isLeaf, leafText, type SpdxNode } from './render';

/** What evaluation reads of a bundle's metadata. */
export type LicenseInputs = Pick<BundleMetadata, 'license' | 'files' | 'modules' | 'datasets'>;

export interface ArtifactLicense {
  path: string;
  role: FileRole;
  expression: string | null;
  inherited: boolean;
}

export type ArtifactLicenseCheck = LicenseCheck & { path: string; role: FileRole; inherited: boolean; flags: string[] };

export interface LicenseReport {
  verdict: 'allowed' | 'needs-review' | 'denied';
  policyHash: string;
  artifacts: ArtifactLicenseCheck[];
  findings: Problem[];
}

const rank: Record<LicenseStatus, number> = { allowed: 0, 'needs-review': 1, invalid: 1, denied: 2 };

/**
 * Every licensed thing in a bundle: payload files (own license, else the root's, as read-metadata
 * already resolved), pipeline modules and data sets (likewise inheriting the root's). A data set that
 * is also a payload file is reported once, as the file.
 */
export function bundleArtifacts(meta: LicenseInputs): ArtifactLicense[] {
  const inherit = (own: string | null) => ({
    expression: own ?? meta.license,
    inherited: own === null && meta.license !== null,
  });
  const files = meta.files.map((f) => ({
    path: f.path,
    role: f.role,
    expression: f.license,
    inherited: f.licenseInherited,
  }));
  const paths = new Set(files.map((f) => f.path));
  const modules = meta.modules.map((m): ArtifactLicense => ({ path: m.id, role: 'code', ...inherit(m.license) }));
  const datasets = meta.datasets
    .filter((d) => !paths.has(d.id))
    .map((d): ArtifactLicense => ({ path: d.id, role: 'data', ...inherit(d.license) }));
  return [...files, ...modules, ...datasets];
}

export function evaluateBundleLicenses(meta: LicenseInputs, policy: LicensePolicy): LicenseReport {
  const findings: Problem[] = [];
  const memo = new Map<string, ReturnType<typeof analyzeLicense>>();
  const analyzed = bundleArtifacts(meta).map((artifact) => {
    const key = artifact.expression ?? '\u0000none';
    const analysis = memo.get(key) ?? analyzeLicense(artifact.expression, policy);
    memo.set(key, analysis);
    const check: ArtifactLicenseCheck = {
      path: artifact.path,
      role: artifact.role,
      inherited: artifact.inherited,
      ...analysis.check,
      flags: [],
    };
    return { check, tree: analysis.tree };
  });

  // Reported before the combination rules below raise any status, so each finding names its own cause.
  findings.push(
    ...licenseFindings(
      analyzed.map((a) => a.check),
      meta.license,
    ),
  );

  // Data that binds what is made from it: non-commercial or share-alike on every branch of its license.
  const restricting: { path: string; expression: string; kind: 'non-commercial' | 'share-alike'; ids: string[] }[] = [];
  for (const { check, tree } of analyzed) {
    if (check.role !== 'data' || !tree) continue;
    for (const [kind, test] of [
      ['non-commercial', isNonCommercial],
      ['share-alike', isShareAlike],
    ] as const) {
      const ids = unavoidable(tree, test);
      if (ids.length === 0) continue;
      check.flags.push(kind);
      restricting.push({ path: check.path, expression: check.normalized ?? check.expression ?? '', kind, ids });
    }
  }

  for (const { check, tree } of analyzed) {
    if (check.role === 'model') restrictModel(check, restricting, policy, findings);
    if (check.role === 'code' && tree) {
      const ids = unavoidable(tree, isCopyleft);
      if (ids.length > 0) {
        check.flags.push('copyleft-distribution');
        findings.push({
          code: 'copyleft-distribution',
          message: `${check.path} is under ${ids.join(', ')}: distributing the pipeline (or anything linked with it) carries copyleft obligations`,
          path: check.path,
          license: check.normalized ?? check.expression ?? '',
        });
      }
    }
  }

  const artifacts = analyzed.map((a) => a.check);
  const worst = artifacts.reduce((max, a) => Math.max(max, rank[a.status]), artifacts.length ? 0 : 1);
  if (artifacts.length === 0)
    findings.push({
      code: 'license-no-artifacts',
      message: 'the bundle lists no files, modules or data sets to check',
    });
  return {
    verdict: worst === 0 ? 'allowed' : worst === 1 ? 'needs-review' : 'denied',
    policyHash: policyHash(policy),
    artifacts,
    findings,
  };
}

/**
 * A model inherits its data's limits: denied under commercial use when the data is non-commercial, reviewed otherwise.
 */
function restrictModel(
  model: ArtifactLicenseCheck,
  restricting: { path: string; expression: string; kind: 'non-commercial' | 'share-alike'; ids: string[] }[],
  policy: LicensePolicy,
  findings: Problem[],
): void {
  if (restricting.length === 0) return;
  model.flags.push('restricted-by-data');
  for (const data of restricting) {
    const blocks = data.kind === 'non-commercial' && policy.intendedUse === 'commercial';
    const target: LicenseStatus = blocks ? 'denied' : 'needs-review';
    if (rank[target] > rank[model.status] || (model.status === 'invalid' && blocks)) model.status = target;
    const why =
      data.kind === 'non-commercial'
        ? blocks
          ? 'non-commercial, and the intended use is commercial'
          : 'non-commercial'
        : 'share-alike';
    model.reason += `; restricted by data ${data.path} (${data.expression}: ${why})`;
    findings.push({
      code: 'restricted-by-data',
      message: `model ${model.path} is restricted by its data: ${data.path} is ${data.expression} (${why})`,
      path: model.path,
      data: data.path,
      license: data.expression,
      restriction: data.kind,
    });
  }
}

/**
 * Missing, invalid and denied licenses. A root license that artifacts inherit is reported once, and
 * so are artifacts without any license when the root has none either (a bundle may hold thousands).
 */
function licenseFindings(artifacts: ArtifactLicenseCheck[], rootLicense: string | null): Problem[] {
  const out: Problem[] = [];
  const inherited = artifacts.filter((a) => a.inherited);
  const first = inherited[0];
  const root = first ? findingCode(first) : null;
  if (first && root) {
    const count = `${inherited.length} artifact${inherited.length === 1 ? '' : 's'}`;
    out.push({
      code: root,
      message: `the bundle's license ${JSON.stringify(rootLicense)}, inherited by ${count}: ${first.reason}`,
      entity: './',
      ...(first.suggestion ? { suggestion: first.suggestion } : {}),
    });
  }
  const missing = artifacts.filter((a) => !a.inherited && !a.expression?.trim()).map((a) => a.path);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? `, … (${missing.length - 20} more)` : '');
    out.push({
      code: 'license-missing',
      message: `no license declared, neither on ${missing.length === 1 ? 'this artifact' : `these ${missing.length} artifacts`} nor on the bundle: ${shown}`,
      entity: './',
      paths: missing,
    });
  }
  for (const a of artifacts) {
    const code = a.inherited || !a.expression?.trim() ? null : findingCode(a);
    if (code)
      out.push({
        code,
        message: `${a.path}: ${a.reason}`,
        path: a.path,
        ...(a.suggestion ? { suggestion: a.suggestion } : {}),
      });
  }
  return out;
}

function findingCode(a: ArtifactLicenseCheck): LicenseCode | null {
  if (!a.expression?.trim()) return 'license-missing';
  return a.status === 'invalid' ? 'license-invalid' : a.status === 'denied' ? 'license-denied' : null;
}

/** The ids that every choice of an OR must accept; empty when some branch avoids them all. */
export function unavoidable(node: SpdxNode, test: (id: string) => boolean): string[] {
  if (isLeaf(node)) return test(node.license) ? [leafText(node)] : [];
  const left = unavoidable(node.left, test);
  const right = unavoidable(node.right, test);
  if (node.conjunction === 'or' && (left.length === 0 || right.length === 0)) return [];
  return [...new Set([...left, ...right])];
}
