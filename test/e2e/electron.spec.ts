import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

// The Electron binary is downloaded by electron's install step, which cannot reach its host on machines
// without network access to it (ELECTRON_SKIP_BINARY_DOWNLOAD=1 in CI). There this test reports itself
// skipped with that reason; every user flow is also covered through the preview host.
function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test('the desktop app opens its window with the sandboxed bridge', async () => {
  // Skipped only where no Electron binary exists (see above); it runs wherever `npm ci` could download one.
  test.skip(
    binary === null,
    'no Electron binary on this machine (its download is not reachable here); flows are covered via the preview host',
  );
  const userData = mkdtempSync(path.join(os.tmpdir(), 'provdesk-electron-'));
  const app = await electron.launch({
    executablePath: binary as string,
    args: ['.', `--user-data-dir=${userData}`],
    cwd: path.resolve(__dirname, '../..'),
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation')).toBeVisible();
  // THREATS 16: no Node in the page, and the bridge is exactly the contract.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(
    await window.evaluate(() => Object.keys((globalThis as unknown as { provdesk: object }).provdesk).sort()),
  ).toEqual(['channels', 'host', 'invoke', 'pathForFile']);
  // Issue 13: path fields take only handles from the app's own dialogs; a typed path is refused before the core.
  const typed = await window.evaluate(() =>
    (globalThis as unknown as { provdesk: { invoke(c: string, r: unknown): Promise<unknown> } }).provdesk.invoke(
      'pack:plan',
      { dir: '/' },
    ),
  );
  expect(typed).toMatchObject({ ok: false, error: { code: 'refused' } });
  await app.close();
});
