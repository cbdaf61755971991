import type { Command } from 'commander';
import { checkBundle, trustedKeysAt } from '../../core/services/bundle-check';
import { emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';
import { authorshipLine } from '../authorship-lines';

export function registerInspect(program: Command, globals: () => GlobalOptions): void {
  program
    .command('inspect')
    .description(
      "print a bundle's parsed metadata: the run, its files, modules, environment, replay spec and who signed it",
    )
    .argument('<bundle>', 'a .zip bundle or a bag folder')
    .action(async (bundle: string) => {
      const opts = globals();
      const checked = await checkBundle(bundle, { keys: () => trustedKeysAt(storeDirOf(opts)) });
      try {
        const meta = checked.metadata;
        if (!meta) {
          // A refused container is not read: say why, as verify would.
          emit(
            opts,
            {
              bundleDigest: checked.report.bundleDigest,
              problems: checked.report.problems,
              authorship: checked.authorship,
            },
            () => `REFUSED: ${bundle} is not read${problemLines('Problems', checked.report.problems)}`,
          );
          process.exitCode = exitCode.negative;
          return;
        }
        const problems = [...checked.report.problems.filter((p) => !meta.problems.includes(p)), ...meta.problems];
        const authorship = checked.authorship;
        emit(
          opts,
          {
            ...meta,
            bundleDigest: checked.report.bundleDigest,
            authorship,
            metadataRefused: checked.refusals.length > 0,
            problems,
          },
          () => {
            const run = meta.run;
            const lines = [
              `${meta.name ?? '(unnamed bundle)'}  ${checked.report.bundleDigest ?? ''}`,
              checked.refusals.length > 0
                ? '  METADATA REFUSED: what this bundle says about itself cannot be relied on (see the problems)'
                : '',
              meta.description ? `  ${meta.description}` : '',
              authorshipLine(authorship),
              `  author (as the metadata says): ${meta.author ? `${meta.author.name ?? ''} <${meta.author.email ?? meta.author.id}>` : '(none)'}`,
              `  license: ${meta.license ?? '(none)'}   completeness: ${meta.completeness.level}`,
              run
                ? `  run: ${run.name ?? run.id}\n  hypothesis: ${run.hypothesis ?? '(none)'}\n  time: ${run.startTime ?? '?'} → ${run.endTime ?? '?'}`
                : '  run: (none)',
              run
                ? `  parameters: ${
                    Object.entries(run.parameters)
                      .map(([k, v]) => `${k}=${String(v)}`)
                      .join(', ') || '(none)'
                  }`
                : '',
              run
                ? `  metrics: ${
                    Object.entries(run.metrics)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ') || '(none)'
                  }`
                : '',
              `  files:`,
              ...meta.files.map((f) => `    ${f.role.padEnd(11)} ${f.path}  ${f.license ?? 'no license'}  ${f.access}`),
              meta.modules.length
                ? `  modules: ${meta.modules.map((m) => `${m.name}@${m.version ?? '?'}${m.identifier ? ` (${m.identifier.slice(0, 12)})` : ''}`).join(', ')}`
                : '',
            ];
            return (
              lines.filter(Boolean).join('\n') +
              problemLines('Problems', problems) +
              problemLines('Signature', authorship.status === 'invalid' ? [] : authorship.problems)
            );
          },
        );
      } finally {
        await checked.verified.cleanup();
      }
    });
}
