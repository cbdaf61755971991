import path from 'node:path';

// Pure parts of the native dialogs (dialogs.ts), unit-tested without Electron.

/** The saved file's name ends in the expected extension, whether or not the platform's dialog added it. */
export function withExtension(file: string, extensions: readonly string[] | undefined): string {
  const first = extensions?.[0];
  if (!first) return file;
  const ext = path.extname(file).slice(1).toLowerCase();
  return extensions.some((e) => e.toLowerCase() === ext) ? file : `${file}.${first}`;
}

/** The file-type filter a dialog shows for the given extensions (none: any file). */
export function filtersFor(extensions: readonly string[] | undefined): { name: string; extensions: string[] }[] {
  if (!extensions?.length) return [];
  return [{ name: extensions.map((e) => `.${e}`).join(', '), extensions: [...extensions] }];
}
