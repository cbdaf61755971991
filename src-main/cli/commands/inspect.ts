import type { Command } from 'commander';
import { verifyBundle } from '../../core/integrity/verify-bundle';
import { readVerifiedMetadata } from '../../core/services/verified-metadata';
import { emit, problemLines, type GlobalOptions } from '../output';


export function registerInspect(program: Command, globals: () => GlobalOptions): void {
  program
    .command('inspect')
    .description("print a bundle's parsed metadata: the run, its files, modules, environment and replay spec")
    .argument('<bundle>', 'a .zip bundle or a bag folder')
    .action(async (bundle: string) => {
      const opts = globals();
      const verified = await verifyBundle(bundle, {});
      try {
        const meta = await readVerifiedMetadata(verified);
        const problems = [...verified.report.problems, ...meta.problems];
        emit(opts, { ...meta, bundleDigest: verified.report.bundleDigest, problems }, () => {
          const run = meta.run;
          const lines = [
            `${meta.name ?? '(unnamed bundle)'}  ${verified.report.bundleDigest ?? ''}`,
            meta.description ? `  ${meta.description}` : '',
            `  author: ${meta.author ? `${meta.author.name ?? ''} <${meta.author.email ?? meta.author.id}>` : '(none)'}`,
            `  license: ${meta.license ?? '(none)'}   completeness: ${meta.completeness.level}`,
            run ? `  run: ${run.name ?? run.id}\n  hypothesis: ${run.hypothesis ?? '(none)'}\n  time: ${run.startTime ?? '?'} → ${run.endTime ?? '?'}` : '  run: (none)',
            run ? `  parameters: ${Object.entries(run.parameters).map(([k, v]) => `${k}=${String(v)}`).join(', ') || '(none)'}` : '',
            run ? `  metrics: ${Object.entries(run.metrics).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)'}` : '',
            `  files:`,
            ...meta.files.map((f) => `    ${f.role.padEnd(11)} ${f.path}  ${f.license ?? 'no license'}  ${f.access}`),
            meta.modules.length ? `  modules: ${meta.modules.map((m) => `${m.name}@${m.version ?? '?'}${m.identifier ? ` (${m.identifier.slice(0, 12)})` : ''}`).join(', ')}` : '',
          ];
          return lines.filter(Boolean).join('\n') + problemLines('Problems', problems);
        });
      } finally {
        await verified.cleanup();
      }
    });
}
