// Pure security rules of the desktop shell, unit-tested without Electron (THREATS.md 16-19).

/** The renderer is served from this privileged custom scheme, never from file:// or the network. */
export const appScheme = 'app';
export const appHost = 'provdesk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Only the app's own pages may be shown in its window; every other navigation is blocked. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    !parsed.username &&
    !parsed.password
  );
}

/** IPC is answered only for the main frame of an app page (THREATS 17). */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAppUrl(frameUrl);
}

/** Links the user clicks may open in the system browser only when they are plain http(s) (THREATS 18). */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    !parsed.username &&
    !parsed.password
  );
}

/**
 * Maps an app:// request path to a file of the built renderer, or null when it would leave that folder.
 * Works on URL paths only (forward slashes) so it is the same on every platform.
 */
export function rendererFileFor(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || !isAppUrl(url)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

/** BrowserWindow web preferences: the renderer is an untrusted web page with one typed bridge. */
export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const;
