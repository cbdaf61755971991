// Child process for the store crash test: opens the store and commits audit entries until killed,
// printing "<seq> <hash>" for each commit only after transaction() has returned (= acknowledged). Entry sizes come
// from the seed the test passes, so a run replays from the test's printed PROVDESK_CRASH_SEED.
import fs from 'node:fs';
import { appendAudit } from '../../src-main/core/audit/audit-log';
import { openStore } from '../../src-main/core/store/store';
import { mulberry32 } from './seeded-random';

const [dir, snapshotBytes, seed] = process.argv.slice(2);
const random = mulberry32(Number(seed));
const store = await openStore(dir!, { snapshotJournalBytes: Number(snapshotBytes) });
fs.writeSync(1, 'open\n'); // pipes are synchronous on Linux; writeSync makes it explicit
for (let i = 0; ; i++) {
  const entry = store.transaction((tx) =>
    appendAudit(tx, {
      actor: `child-${process.pid}`,
      action: 'crash.tick',
      subject: `tick-${i}`,
      details: { i, pad: 'x'.repeat(Math.floor(random() * 400)) },
    }),
  );
  fs.writeSync(1, `${entry.seq} ${entry.hash}\n`);
}
