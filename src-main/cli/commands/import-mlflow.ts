import type { Command } from 'commander';
import path from 'node:path';
import { mlflowPlanRequestSchema } from '../../common/schemas/making';
import { convertMlflowRun } from '../../core/services/bundle-writing';
import { parseFlags } from '../flags';
import { CliExit, exitCode, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { emitWrittenBundle } from '../written-bundle';
import { unlockSigner } from '../signing';

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
    .option(
      '--task <task>',
      `replay task when the model signature does not settle it (${mlflowPlanRequestSchema.shape.task.unwrap().options.join(', ')})`,
    )
    .option('--license <spdx>', 'SPDX license expression for the bundle (MLflow records none)')
    .option('--author <person>', 'the author, "Name <email>" (default: the MLflow user)')
    .option('--name <text>', 'the bundle name (default: "experiment / run name")')
    .option(
      '--sign',
      'sign the bundle as your identity (authorship.dsse.json); passphrase from PROVDESK_PASSPHRASE or asked',
    )
    .action(async (source: string, flags: ImportMlflowFlags) => {
      const opts = globals();
      if (!flags.output) throw new CliExit(exitCode.usage, 'import-mlflow needs -o FILE (the bundle to write)');
      if (flags.label && !flags.evalData) throw new CliExit(exitCode.usage, '--label goes with --eval-data');
      // The app's own request fields (mlflow:write), checked by its schema.
      const run = parseFlags(mlflowPlanRequestSchema.pick({ runId: true, evalData: true, label: true, task: true }), {
        runId: flags.runId,
        evalData: flags.evalData,
        label: flags.label,
        task: flags.task,
      });
      const output = path.resolve(flags.output);
      const options = {
        runId: run.runId ?? null,
        evalData: run.evalData ?? null,
        label: run.label ?? null,
        task: run.task ?? null,
        license: flags.license ?? null,
        author: flags.author ? parsePerson(flags.author) : null,
        name: flags.name ?? null,
      };
      // --sign: signed in the same pass as the store's identity, audited in that store
      const written = !flags.sign
        ? await convertMlflowRun(path.resolve(source), output, options)
        : await withStore(opts, (store) =>
            convertMlflowRun(path.resolve(source), output, options, () => unlockSigner(store)),
          );
      emitWrittenBundle(
        opts,
        written,
        `converted the MLflow run into ${written.file} (${written.files} files)`,
        'Warnings (what could not be mapped)',
      );
    });
}

function parsePerson(text: string): { name: string; email: string | null } {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (m) return { name: m[1] || (m[2] as string), email: m[2] as string };
  return /^[^@\s]+@[^@\s]+$/.test(text.trim())
    ? { name: text.trim(), email: text.trim() }
    : { name: text.trim(), email: null };
}
