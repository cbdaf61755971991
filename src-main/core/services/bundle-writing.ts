import type { WrittenBundleResult } from '../../common/schemas/making';
import { CodedError } from '../../common/result';
import type { WrittenBundle } from '../bundle-writer/write-bundle';
import { newOutput } from '../bundle-writer/zip-output';
import { checkLicense } from '../licenses/expression';
import { defaultLicensePolicy } from '../licenses/policy';
import { importMlflowRun, type ImportMlflowOptions } from '../mlflow/import-mlflow';
import { initProvenance } from '../pack/init-template';
import { packFolder } from '../pack/pack-folder';
import { requireDigest } from './bundle-queries';
import { exportBundle, type ExportedBundle } from './export-bundle';
import { signBundle, type SignedBundle } from './sign-bundle';
import type { Store } from '../store/store';
import { auditSigning, type Signing } from './signing';

export type { Signing } from './signing';

/**
 * Writing bundles for every host (the app's dialogs, `provdesk pack|import-mlflow|sign`): signed, when asked, in the
 * same pass as the store's identity, and every signature audited ('bundle.sign') in the store that holds the key.
 */

/** A written bundle as every host reports it. */
export function writtenResult(w: WrittenBundle): WrittenBundleResult {
  return {
    file: w.file,
    bundleDigest: w.bundleDigest,
    files: w.files,
    bytes: w.bytes,
    warnings: w.warnings,
    signer: w.signer,
  };
}

function audited(w: WrittenBundle, signing: Signing | null, via: 'pack' | 'import-mlflow'): WrittenBundleResult {
  if (signing && w.signer) {
    const keyId = w.signer.keyId;
    signing.store.transaction((tx) =>
      auditSigning(tx, signing.actor, { digest: w.bundleDigest, file: w.file, keyId, replaced: false, via }),
    );
  }
  return writtenResult(w);
}

/** A run folder described by its provenance.yaml → a bundle at `output`. */
export async function packBundle(
  dir: string,
  output: string,
  signing: Signing | null = null,
): Promise<WrittenBundleResult> {
  return audited(await packFolder(dir, output, signing ? { sign: { signer: signing.signer } } : {}), signing, 'pack');
}

/** Writes the commented provenance.yaml template into `dir` (never over an existing one); its path. */
export function writePackTemplate(dir: string): Promise<string> {
  return initProvenance(dir);
}

/** An MLflow run (run, experiment or mlruns folder, or mlflow.db) → a bundle at `output`. A license must be SPDX. */
export async function convertMlflowRun(
  source: string,
  output: string,
  options: ImportMlflowOptions,
  sign: Signing | (() => Promise<Signing>) | null = null,
): Promise<WrittenBundleResult> {
  if (options.license) {
    const check = checkLicense(options.license, defaultLicensePolicy);
    if (check.status === 'invalid') {
      throw new CodedError(
        'invalid-request',
        `license: ${check.reason}${check.suggestion ? ` (perhaps "${check.suggestion}")` : ''}`,
        { field: 'license', input: true },
      );
    }
  }
  const signing = typeof sign === 'function' ? await sign() : sign; // the key asked for once the input holds
  return audited(
    await importMlflowRun(source, output, options, signing ? { sign: { signer: signing.signer } } : {}),
    signing,
    'import-mlflow',
  );
}

/** A signed copy of a bundle file (same bundle digest), audited where the key is kept. */
export async function signBundleFile(
  source: string,
  output: string,
  signing: Signing,
  options: { replace?: boolean } = {},
): Promise<SignedBundle> {
  const signed = await signBundle(source, output, { signer: signing.signer, replace: options.replace === true });
  signing.store.transaction((tx) =>
    auditSigning(tx, signing.actor, {
      digest: signed.bundleDigest,
      file: signed.file,
      keyId: signed.signer.keyId,
      replaced: signed.replaced,
      via: 'sign',
    }),
  );
  return signed;
}

/**
 * A stored bundle (named by digest or a unique prefix) written back out as a zip with the same bundle digest; signed
 * when `sign` gives a key (asked for only once the bundle is found). Restricted data needs a grant or an override.
 */
export async function exportStoredBundle(
  store: Store,
  bundle: string,
  output: string,
  options: { actor: string; override?: string; sign?: () => Promise<Signing>; replace?: boolean },
): Promise<ExportedBundle> {
  const digest = requireDigest(store, bundle);
  const signing = options.sign ? await options.sign() : null;
  return exportBundle(store, digest, output, options.actor, {
    ...(options.override !== undefined ? { override: options.override } : {}),
    ...(signing ? { sign: { signer: signing.signer, replace: options.replace === true } } : {}),
  });
}

/** A new file in an existing folder, checked before any work (or passphrase) is asked for: its absolute path. */
export const freshOutput = newOutput;
