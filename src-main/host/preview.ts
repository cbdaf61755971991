import { parseArgs } from 'node:util';
import path from 'node:path';
import { createAppContext } from '../core/services/app-context';
import { appRoot, defaultStoreDir } from '../core/services/app-paths';
import { startPreviewHost } from './server';

// `npm run preview -- --port N --store DIR`: the app's UI in a browser, for machines without Electron.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, store: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: npm run preview -- [--port N] [--store DIR]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port takes a number from 0 to 65535, not ${values.port}`);
  const storeDir = values.store ? path.resolve(values.store) : defaultStoreDir();
  const context = await createAppContext({ storeDir, host: 'preview' });
  const host = await startPreviewHost({
    handlers: context.handlers,
    rendererDir: path.join(appRoot(), 'dist', 'renderer'),
    uploadDir: path.join(storeDir, 'uploads'),
    port,
  });
  process.stdout.write(`Preview: ${host.url}\n`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await context.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`preview: ${(error as Error).message}\n`);
  process.exit(1);
});
