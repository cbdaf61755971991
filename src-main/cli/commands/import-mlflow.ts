import type { Command } from 'commander';
import path from 'node:path';
import { replayTaskSchema, type ReplayTask } from '../../core/bundle/replay-spec';
import { checkLicense } from '../../core/licenses/expression';
import { defaultLicensePolicy } from '../../core/licenses/policy';
import { importMlflowRun } from '../../core/mlflow/import-mlflow';
import type { WriteBundleOptions } from '../../core/bundle/write/write-bundle';
import { localActor } from '../../core/services/app-paths';
import { auditSigning } from '../../core/services/signing';
import { CliExit, emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { signerText, unlockSigner } from '../signing';

interface ImportMlflowFlags {
  output?: string;
  runId?: string;
  evalData?: string;
  label?: string;
  task?: string;
  license?: string;
  author?: string;
  name?: string;
  sign?: boolean;
}

/**
 * `provdesk import-mlflow PATH -o FILE`: an MLflow run (file store folder or mlflow.db) → a bundle.
 * Exit 0 written (warnings listed), 2 usage or unreadable input, 3 writing failed.
 */
export function registerImportMlflow(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import-mlflow')
    .description('make a bundle from an MLflow run: a run folder, experiment folder or mlruns folder, or an mlflow.db')
    .argument('<path>', 'mlruns/<experiment>/<run>, an experiment or mlruns folder, or mlflow.db')
    .option('-o, --output <file>', 'the bundle to write (e.g. NAME.bundle.zip)')
    .option('--run-id <id>', 'the run, when PATH holds more than one')
    .option('--eval-data <artifact>', 'evaluation data among the run artifacts (e.g. eval/test.csv), for replay.json')
    .option('--label <column>', 'the target column of --eval-data')
    .option('--task <task>', `replay task when the model signature does not settle it (${replayTaskSchema.options.join(', ')})`)
    .option('--license <spdx>', 'SPDX license expression for the bundle (MLflow records none)')
    .option('--author <person>', 'the author, "Name <email>" (default: the MLflow user)')
    .option('--name <text>', 'the bundle name (default: "experiment / run name")')
    .option('--sign', 'sign the bundle as your identity (authorship.dsse.json); passphrase from PROVDESK_PASSPHRASE or asked')
    .action(async (source: string, flags: ImportMlflowFlags) => {
      const opts = globals();
      if (!flags.output) throw new CliExit(exitCode.usage, 'import-mlflow needs -o FILE (the bundle to write)');
      if (flags.label && !flags.evalData) throw new CliExit(exitCode.usage, '--label goes with --eval-data');
      let task: ReplayTask | null = null;
      if (flags.task) {
        const parsed = replayTaskSchema.safeParse(flags.task);
        if (!parsed.success) throw new CliExit(exitCode.usage, `--task must be one of ${replayTaskSchema.options.join(', ')}, not ${JSON.stringify(flags.task)}`);
        task = parsed.data;
      }
      if (flags.license) {
        const check = checkLicense(flags.license, defaultLicensePolicy);
        if (check.status === 'invalid') throw new CliExit(exitCode.usage, `--license: ${check.reason}${check.suggestion ? ` (perhaps "${check.suggestion}")` : ''}`);
      }
      const output = path.resolve(flags.output);
      const convert = (write: WriteBundleOptions = {}) =>
        importMlflowRun(path.resolve(source), output, {
          runId: flags.runId ?? null,
          evalData: flags.evalData ?? null,
          label: flags.label ?? null,
          task,
          license: flags.license ?? null,
          author: flags.author ? parsePerson(flags.author) : null,
          name: flags.name ?? null,
        }, write);
      // --sign: signed in the same pass as the store's identity, audited in that store
      const written = !flags.sign
        ? await convert()
        : await withStore(opts, async (store) => {
            const signer = await unlockSigner(store);
            const w = await convert({ sign: { signer } });
            store.transaction((tx) => auditSigning(tx, localActor(), { digest: w.bundleDigest, file: w.file, keyId: signer.keyId, replaced: false, via: 'import-mlflow' }));
            return w;
          });
      emit(opts, { bundleDigest: written.bundleDigest, file: written.file, files: written.files, bytes: written.bytes, warnings: written.warnings, signer: written.signer }, () =>
        `converted the MLflow run into ${written.file} (${written.files} files)\n  bundle digest ${written.bundleDigest}` +
        (written.signer ? `\n  signed by ${signerText(written.signer)}` : '') +
        problemLines('Warnings (what could not be mapped)', written.warnings),
      );
    });
}

function parsePerson(text: string): { name: string; email: string | null } {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (m) return { name: m[1] || (m[2] as string), email: m[2] as string };
  return /^[^@\s]+@[^@\s]+$/.test(text.trim()) ? { name: text.trim(), email: text.trim() } : { name: text.trim(), email: null };
}
