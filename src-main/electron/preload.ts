import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { channels, isChannel } from '../common/contract';

const ipcPrefix = 'provdesk:';

// The renderer gets exactly the contract's channels through one typed function; no raw ipcRenderer,
// no Node (THREATS 16). Arguments are checked again in the main process.
contextBridge.exposeInMainWorld('provdesk', {
  host: 'electron',
  channels: [...channels],
  invoke(channel: unknown, request: unknown): Promise<unknown> {
    if (!isChannel(channel))
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-channel', message: `unknown channel ${String(channel)}` },
      });
    return ipcRenderer.invoke(`${ipcPrefix}${channel}`, request);
  },
  // Where a dropped file is: the app opens its dialog there for the user to confirm (a typed path is refused).
  pathForFile(file: File): string | null {
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
  },
});
