// Child process for the store crash test: opens the store and commits audit entries until killed,
// printing "<seq> <hash>" for each commit only after transaction() has returned (= acknowledged).
import fs from 'node:fs';
import { appendAudit } from '../../src-main/core/audit/audit-log';
import { openStore } from '../../src-main/core/store/store';

const [dir, snapshotBytes] = process.argv.slice(2);
const store = await openStore(dir!, { snapshotJournalBytes: Number(snapshotBytes) });
fs.writeSync(1, 'open\n'); // pipes are synchronous on Linux; writeSync makes it explicit
for (let i = 0; ; i++) {
  const entry = store.transaction((tx) =>
    appendAudit(tx, {
      actor: `child-${process.pid}`,
      action: 'crash.tick',
      subject: `tick-${i}`,
      details: { i, pad: 'x'.repeat(Math.floor(Math.random() * 400)) },
    }),
  );
  fs.writeSync(1, `${entry.seq} ${entry.hash}\n`);
}
