import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const productName = 'Provenance Desk';

/** The folder holding package.json and assets/, found from this module whether run from src or dist. */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'provenance-desk') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Provenance Desk package root');
    dir = parent;
  }
}

export function appVersion(): string {
  return JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')).version as string;
}

/** The sample bundle shipped in assets/, offered in the empty state. */
export function sampleBundlePath(): string | null {
  const file = path.join(appRoot(), 'assets', 'samples', 'iris-logreg.bundle.zip');
  return existsSync(file) ? file : null;
}

/** Electron's userData folder for this app, computed the same way without Electron, so CLI and app share a store. */
export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PROVDESK_STORE) return path.resolve(env.PROVDESK_STORE);
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(base, productName, 'store');
}

/** Who is acting, until signing identities exist: the operating-system user. */
export function localActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
