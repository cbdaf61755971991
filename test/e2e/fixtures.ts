import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sampleZip = path.join(repoRoot, 'assets', 'samples', 'iris-logreg.bundle.zip');
// The preview host under test; overridable only to point at another build of the same host.
const previewEntry = process.env.PROVDESK_PREVIEW_ENTRY ?? path.join(repoRoot, 'dist', 'node', 'preview.mjs');

export interface PreviewHost {
  url: string; // with ?token=…, as the host printed it
  origin: string;
  storeDir: string;
  workDir: string; // a scratch folder for files the test builds
}

/**
 * Starts `preview.mjs --port 0 --store <fresh dir, or the store given>` and resolves with the URL from its one stdout
 * line.
 */
export async function startHost(
  existingStore?: string,
): Promise<{ host: PreviewHost; child: ChildProcess; stderr: () => string }> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-e2e-'));
  const storeDir = existingStore ?? path.join(workDir, 'store');
  const child = spawn(process.execPath, [previewEntry, '--port', '0', '--store', storeDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview host printed no URL within 20 s\n${stderr}`)), 20_000);
    lines.on('line', (line) => {
      const m = /^Preview: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line.trim());
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`preview host exited with ${code} before printing its URL\n${stderr}`));
    });
  });
  return { host: { url, origin: new URL(url).origin, storeDir, workDir }, child, stderr: () => stderr };
}

export async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ host: PreviewHost; page: Page }>({
  host: async ({}, use, testInfo) => {
    const { host, child, stderr } = await startHost();
    try {
      await use(host);
    } finally {
      await stopHost(child);
      if (testInfo.status !== testInfo.expectedStatus && stderr())
        await testInfo.attach('preview-host-stderr', { body: stderr() });
      rmSync(host.workDir, { recursive: true, force: true });
    }
  },
  page: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    await page.goto(host.url);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    await use(page);
    // A page that threw, or tried something its CSP refused, fails the test even when the assertions passed.
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Waits until app:info reached the page (the header shows the version). */
export async function appReady(page: Page): Promise<void> {
  await expect(page.locator('.brand-version')).toBeVisible();
}
