import { parseArgs } from 'node:util';
import path from 'node:path';
import { appRoot, defaultStoreDir } from '../core/services/app-paths';
import { CoreClient } from '../core/services/core-client';
import { routeDispatch } from '../core/services/dispatch';
import { releaseDeadThreadLock, threadCoreProcess } from './core-thread';
import { startPreviewHost } from './server';

// `npm run preview -- --port N --store DIR`: the app's UI in a browser, for machines without Electron.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      store: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: npm run preview -- [--port N] [--store DIR]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port takes a number from 0 to 65535, not ${values.port}`);
  const storeDir = values.store ? path.resolve(values.store) : defaultStoreDir();
  // The core (store, use cases) in a worker thread; this thread keeps HTTP, the token and uploads.
  const core = await CoreClient.start({
    spawn: () => threadCoreProcess(),
    init: { storeDir, host: 'preview' },
    beforeRestart: () => releaseDeadThreadLock(storeDir),
    onCrash: ({ how, restarted, reason }) =>
      process.stderr.write(
        `preview: the core stopped unexpectedly (it ${how}); ${restarted ? 'started again' : `not started again: ${reason ?? ''}`}\n`,
      ),
  });
  const host = await startPreviewHost({
    dispatch: routeDispatch({}, (channel, request) => core.call(channel, request)),
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
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`preview: ${(error as Error).message}\n`);
  process.exit(1);
});
