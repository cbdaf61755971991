// Child process for the tag-file memory test and bench (issue 13): verifies one bundle as `provdesk verify` does and
// prints the verdict with the process's peak resident memory, so a test can bound what verification holds.
//   node verify-memory-child.mjs ZIP|FOLDER          verify
//   node verify-memory-child.mjs ZIP|FOLDER stage    verify, copying the bag into a staging folder (as import does)
//   node verify-memory-child.mjs ZIP whole           only read every tag file of a ZIP into memory, as verification
//                                                    did before issue 13 (the bench's baseline)
import { DEFAULT_LIMITS } from '../../src-main/core/bundle/archive-limits';
import { readZipEntry } from '../../src-main/core/bundle/zip-extract';
import { scanZip } from '../../src-main/core/bundle/zip-scan';
import { verifyBundle } from '../../src-main/core/bundle/verify-bundle';

const [file, mode] = process.argv.slice(2);
const started = performance.now();
let result: { valid: boolean; refused: boolean; problems: string[] };
if (mode === 'whole') {
  const scan = await scanZip(file!, DEFAULT_LIMITS);
  const held: Buffer[] = [];
  for (const item of scan.files) if (!item.path.startsWith('data/')) held.push(await readZipEntry(scan.zip!, item));
  scan.zip?.close();
  result = {
    valid: scan.problems.length === 0,
    refused: scan.problems.length > 0,
    problems: scan.problems.map((p) => p.code),
  };
} else {
  const verified = await verifyBundle(file!, { stage: mode === 'stage' });
  result = {
    valid: verified.report.valid,
    refused: verified.refused,
    problems: verified.report.problems.map((p) => p.code),
  };
  await verified.cleanup();
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ...result, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
