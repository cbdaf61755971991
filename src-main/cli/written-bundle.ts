import type { WrittenBundleResult } from '../common/schemas/making';
import { emit, problemLines, type GlobalOptions } from './output';
import { signerText } from './signing';

/** What `pack` and `import-mlflow` print for the bundle they wrote: the JSON contract's fields, or a summary. */
export function emitWrittenBundle(
  opts: GlobalOptions,
  written: WrittenBundleResult,
  headline: string,
  warningsTitle: string,
): void {
  const { bundleDigest, file, files, bytes, warnings, signer } = written;
  emit(
    opts,
    { bundleDigest, file, files, bytes, warnings, signer },
    () =>
      `${headline}\n  bundle digest ${bundleDigest}` +
      (signer ? `\n  signed by ${signerText(signer)}` : '') +
      problemLines(warningsTitle, warnings),
  );
}
