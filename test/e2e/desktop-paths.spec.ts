import { existsSync } from 'node:fs';
import path from 'node:path';
import { test, expect, appReady } from './fixtures';
import { RUN_PROVENANCE, makeRunFolder } from './run-folder';

/**
 * The renderer as the desktop app runs it (issue 13), without an Electron binary: a stand-in bridge plays the
 * main process. Dialogs answer with handles for paths the test picks; the path fields accept only those handles
 * (a typed string is refused, as src-main/electron/ipc/path-fields.ts does) and the calls go on to the preview host.
 */
const PATH_FIELDS: Record<string, string[][]> = {
  'import:start': [['source', 'path']],
  'pack:init': [['dir']],
  'pack:plan': [['dir']],
  'pack:write': [['dir'], ['output']],
  'mlflow:plan': [['path']],
  'mlflow:write': [['path'], ['output']],
  'bundles:export': [['output']],
};

test('in the desktop app, making, export and import take paths from Choose… dialogs only', async ({ page, host }) => {
  test.setTimeout(90_000);
  const run = await makeRunFolder(host.workDir, 'iris-run', RUN_PROVENANCE);
  const written = path.join(host.workDir, 'written.bundle.zip');
  const exported = path.join(host.workDir, 'exported.bundle.zip');
  const picks: Record<string, string> = { 'dialog:pickFolder': run, 'dialog:saveFile': written };
  const asked: { channel: string; request: unknown }[] = [];
  await page.exposeFunction('__provdeskPick', (channel: string, request: unknown) => {
    asked.push({ channel, request });
    return picks[channel] ?? null;
  });
  await page.addInitScript(
    ({ token, fields }) => {
      const picked = new Map<string, string>();
      const refused: string[] = [];
      const resolve = (channel: string, request: Record<string, unknown>): string | null => {
        for (const at of fields[channel] ?? []) {
          let holder: Record<string, unknown> | undefined = request;
          for (const step of at.slice(0, -1)) holder = holder?.[step] as Record<string, unknown> | undefined;
          const key = at[at.length - 1]!;
          if (!holder || !(key in holder)) continue;
          const value = holder[key] as unknown;
          if (typeof value === 'string') return `${channel}: ${at.join('.')}: a typed path`;
          const handle = (value as { handle?: string }).handle ?? '';
          if (!picked.has(handle)) return `${channel}: unknown handle`;
          holder[key] = picked.get(handle);
        }
        return null;
      };
      (window as unknown as { __refused: string[] }).__refused = refused;
      (window as unknown as { provdesk: unknown }).provdesk = {
        host: 'electron',
        channels: [],
        pathForFile: () => null,
        async invoke(channel: string, request: Record<string, unknown>) {
          if (channel.startsWith('dialog:')) {
            const chosen =
              (await (
                window as unknown as { __provdeskPick(c: string, r: unknown): Promise<string | null> }
              ).__provdeskPick(channel, request)) ?? null;
            if (chosen === null) return { ok: true, value: { picked: null } };
            const handle = `h${crypto.randomUUID().replaceAll('-', '')}`;
            picked.set(handle, chosen);
            return { ok: true, value: { picked: { handle, path: chosen } } };
          }
          const copy = JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
          const problem = resolve(channel, copy);
          if (problem) {
            refused.push(problem);
            return { ok: false, error: { code: 'refused', message: problem } };
          }
          const res = await fetch(`/api/${channel}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(copy),
          });
          return res.json();
        },
      };
    },
    { token: new URL(host.url).searchParams.get('token') ?? '', fields: PATH_FIELDS },
  );
  await page.goto(host.url);
  await appReady(page);

  // Import: the Choose a file… button, no typed-path field.
  await expect(page.getByRole('button', { name: 'Choose a file…' }).first()).toBeVisible();
  await expect(page.getByRole('textbox', { name: /Import from a path/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'New bundle from folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle from folder' });
  await expect(dialog.getByRole('textbox')).toHaveCount(0);
  const source = dialog.getByRole('group', { name: 'Run folder (holding provenance.yaml)' });
  await expect(source).toContainText('Nothing chosen yet');
  await expect(source.getByRole('button', { name: 'Choose folder…' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Preview' })).toBeDisabled();
  await source.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(source).toContainText(run);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('table', { name: 'Files to pack' })).toBeVisible();

  const output = dialog.getByRole('group', { name: 'Write the bundle to (a new .zip file)' });
  await expect(dialog.getByRole('button', { name: 'Write bundle' })).toBeDisabled();
  await output.getByRole('button', { name: 'Choose…' }).click();
  await expect(output).toContainText(written);
  expect(asked.at(-1)).toEqual({
    channel: 'dialog:saveFile',
    request: { title: 'Write the bundle to', extensions: ['zip'], suggestedName: 'iris-run.bundle.zip' },
  });
  await dialog.getByRole('button', { name: 'Write bundle' }).click();
  await expect(dialog.getByTestId('make-written')).toContainText('Bundle written');
  expect(existsSync(written)).toBe(true);

  // Import it now reads the bundle back through the handle it was written to.
  await dialog.getByRole('button', { name: 'Import it now' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported written.bundle.zip', { timeout: 30_000 });
  await page.getByTestId('import-result').getByRole('link', { name: 'Open the bundle' }).click();

  picks['dialog:saveFile'] = exported;
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export Iris from a folder' });
  await expect(exporting.getByRole('textbox')).toHaveCount(0);
  await exporting
    .getByRole('group', { name: /Write the bundle to/ })
    .getByRole('button', { name: 'Choose…' })
    .click();
  await expect(exporting.getByRole('group', { name: /Write the bundle to/ })).toContainText(exported);
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(exporting.getByTestId('export-result')).toContainText('the same as imported');
  expect(existsSync(exported)).toBe(true);
  // Not one call carried a typed path (checked before the page reloads).
  expect(await page.evaluate(() => (window as unknown as { __refused: string[] }).__refused)).toEqual([]);
  await exporting.getByRole('button', { name: 'Close', exact: true }).click();

  // An MLflow source is a folder or an mlflow.db file: one button for each.
  await page.goto(`${host.origin}/#/bundles`);
  await page.getByRole('button', { name: 'Import MLflow run…' }).click();
  const mlflow = page.getByRole('dialog', { name: 'Import MLflow run' });
  await expect(mlflow.getByRole('button', { name: 'Choose folder…' })).toBeVisible();
  await expect(mlflow.getByRole('button', { name: 'Choose mlflow.db…' })).toBeVisible();
  await mlflow.getByRole('button', { name: 'Choose mlflow.db…' }).click();
  expect(asked.at(-1)).toEqual({
    channel: 'dialog:pickFile',
    request: { title: 'Choose the MLflow database', extensions: ['db', 'sqlite'] },
  });
  await expect(mlflow.getByRole('group', { name: /MLflow run/ })).toContainText('Nothing chosen yet'); // cancelled
});
