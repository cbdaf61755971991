// Opening a store of 100,000 audit entries (~40 MB) and showing the first screen: from starting the
// preview host to the Bundles screen with the store's info loaded, and to the Audit screen's first rows.
// The browser is launched before the clock starts (it is not ours); Debian's Chromium via Playwright.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { appendAudit } from '../src-main/core/audit/audit-log';
import { openStore } from '../src-main/core/store/store';

const ENTRIES = 100_000;
const RUNS = 5;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-first-'));
const storeDir = path.join(root, 'store');
const previewEntry = path.resolve('dist/node/preview.mjs');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function fill(): Promise<void> {
  const store = await openStore(storeDir);
  const filler = 'model data bundle replay metric license approval checksum crate payload tensor weights '.repeat(4);
  for (let done = 0; done < ENTRIES; done += 1000) {
    store.transaction((tx) => {
      for (let i = done; i < done + 1000; i++) {
        appendAudit(tx, {
          actor: `user-${i % 17}`,
          action: 'bundle.import',
          subject: `bundle-${i}`,
          details: { index: i, note: filler },
        });
      }
    });
  }
  store.close();
}

async function startHost(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [previewEntry, '--port', '0', '--store', storeDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve) =>
    lines.on('line', (l) => l.startsWith('Preview: ') && resolve(l.slice(9).trim())),
  );
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

try {
  if (!fs.existsSync(previewEntry)) throw new Error('run `npm run build` first');
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, node ${process.version}, load ${os.loadavg()[0]?.toFixed(1)}, ${new Date().toISOString()}`,
  );
  const t0 = process.hrtime.bigint();
  await fill();
  const dbBytes = fs
    .readdirSync(storeDir)
    .filter((f) => f.startsWith('snapshot'))
    .reduce((n, f) => n + fs.statSync(path.join(storeDir, f)).size, 0);
  console.log(`filled ${ENTRIES} entries in ${ms(t0).toFixed(0)} ms; snapshot ${(dbBytes / 1e6).toFixed(1)} MB`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const first: number[] = [];
  const audit: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    const start = process.hrtime.bigint();
    const host = await startHost();
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Bundles', level: 1 }).waitFor();
    await page.getByText(storeDir).first().waitFor();
    first.push(ms(start));
    const auditStart = process.hrtime.bigint();
    await page.goto(`${new URL(host.url).origin}/#/audit`);
    await page
      .getByText(`bundle-${ENTRIES - 1}`)
      .first()
      .waitFor();
    audit.push(ms(auditStart));
    await page.close();
    await host.stop();
  }
  await browser.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('| measure | median (ms) | runs (ms) | goal |');
  console.log('| --- | ---: | --- | --- |');
  console.log(
    `| host start + open store + first screen | ${median(first).toFixed(0)} | ${first.map((x) => x.toFixed(0)).join(', ')} | < 1000 |`,
  );
  console.log(
    `| Audit screen with 100,000 entries, first rows | ${median(audit).toFixed(0)} | ${audit.map((x) => x.toFixed(0)).join(', ')} | < 1500 |`,
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
