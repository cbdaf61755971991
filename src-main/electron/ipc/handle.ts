import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels } from '../../common/contract';
import { err, type Result } from '../../common/result';
import type { Dispatch } from '../../core/services/dispatch';
import { isTrustedSender } from '../security';
import type { PathHandles } from '../path-handles';
import { resolvePathHandles } from './path-fields';

export const ipcPrefix = 'provdesk:';

/**
 * The only user of ipcMain: one handler per contract channel. Each call is checked for its sender frame
 * (main frame of an app:// page), its path fields resolved from dialog handles (typed paths refused), then
 * parsed against the contract and answered with a Result by `dispatch`: here for dialogs and PDF printing, the
 * core process for the rest (main.ts).
 */
export function registerContract(ipcMain: IpcMain, dispatch: Dispatch, handles: PathHandles): void {
  for (const channel of channels) {
    ipcMain.handle(
      `${ipcPrefix}${channel}`,
      async (event: IpcMainInvokeEvent, request: unknown): Promise<Result<unknown>> => {
        const frame = event.senderFrame;
        const isMainFrame = frame !== null && frame.parent === null;
        if (!isTrustedSender(frame?.url, isMainFrame)) {
          return err('unauthorized', `${channel}: refused a call from an untrusted frame`);
        }
        const resolved = resolvePathHandles(channel, request, handles);
        if (!resolved.ok) return resolved;
        return dispatch(channel, resolved.value);
      },
    );
  }
}
