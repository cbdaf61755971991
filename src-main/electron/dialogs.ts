import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { Handlers } from '../core/services/dispatch';
import { filtersFor, withExtension } from './dialog-options';
import type { PathHandles, PathKind } from './path-handles';

type DialogChannel = 'dialog:pickBundle' | 'dialog:pickFolder' | 'dialog:pickFile' | 'dialog:saveFile';

async function showOpen(options: OpenDialogOptions): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

async function showSave(options: SaveDialogOptions): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const picked = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return picked.canceled || !picked.filePath ? null : picked.filePath;
}

/**
 * The native dialogs: the only way a path reaches the desktop app's path fields. Each chosen path is answered
 * with a handle (kept in `handles` with what it was chosen for) and the path itself, for the page to show.
 */
export function dialogHandlers(handles: PathHandles): Pick<Handlers, DialogChannel> {
  const answer = (kind: PathKind, path: string | null) => ({
    picked: path === null ? null : { handle: handles.issue(kind, path), path },
  });
  return {
    'dialog:pickBundle': async ({ defaultPath }) =>
      answer(
        'read-file',
        await showOpen({
          title: 'Import a bundle',
          properties: ['openFile'],
          filters: [{ name: 'Provenance bundles', extensions: ['zip'] }],
          ...(defaultPath ? { defaultPath } : {}),
        }),
      ),
    'dialog:pickFolder': async ({ title }) =>
      answer('read-folder', await showOpen({ title: title ?? 'Choose a folder', properties: ['openDirectory'] })),
    'dialog:pickFile': async ({ title, extensions }) =>
      answer(
        'read-file',
        await showOpen({ title: title ?? 'Choose a file', properties: ['openFile'], filters: filtersFor(extensions) }),
      ),
    'dialog:saveFile': async ({ title, suggestedName, extensions }) => {
      const chosen = await showSave({
        title: title ?? 'Save as',
        filters: filtersFor(extensions),
        ...(suggestedName ? { defaultPath: suggestedName } : {}),
      });
      return answer('write-file', chosen === null ? null : withExtension(chosen, extensions));
    },
  };
}
