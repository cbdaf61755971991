import { BrowserWindow, dialog, utilityProcess } from 'electron';
import type { CoreCrash, CoreProcess } from '../core/services/core-client';
import type { FromCore } from '../core/services/core-protocol';

/**
 * The desktop app's core (issue 14): core.worker.mjs in a utility process, so a long verify or check in the core
 * holds neither window management nor IPC in this process. Messages posted before it has spawned wait for it.
 */
export function utilityCoreProcess(modulePath: string): CoreProcess {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'Provenance Desk core', stdio: 'inherit' });
  let spawned = false;
  const waiting: unknown[] = [];
  child.once('spawn', () => {
    spawned = true;
    for (const message of waiting.splice(0)) child.postMessage(message);
  });
  let failure: string | null = null;
  child.on('error', (type, location) => (failure = `${type} at ${location}`));
  return {
    post: (message) => (spawned ? child.postMessage(message) : void waiting.push(message)),
    onMessage: (listener) => void child.on('message', (m: unknown) => listener(m as FromCore)),
    onExit: (listener) =>
      void child.once('exit', (code) =>
        listener(failure ? `failed (${failure}) with exit code ${code}` : `exited with code ${code}`),
      ),
    kill: () => void child.kill(),
  };
}

/** Says in a window what happened to the core: started again (work in progress was stopped), or not. */
export function reportCoreCrash(crash: CoreCrash): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = crash.restarted
    ? {
        type: 'warning' as const,
        title: 'Provenance Desk',
        message: `The app’s core stopped unexpectedly (it ${crash.how}) and was started again.`,
        detail:
          'Imports, replays and exports that were running were stopped; everything committed before is kept. Start them again.',
      }
    : {
        type: 'error' as const,
        title: 'Provenance Desk',
        message: 'The app’s core stopped and was not started again: quit and restart Provenance Desk.',
        detail: crash.reason ?? `It ${crash.how}.`,
      };
  if (window) void dialog.showMessageBox(window, options);
  else if (!crash.restarted) dialog.showErrorBox(options.message, options.detail);
}
