import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../common/csp';
import { appScheme, rendererFileFor } from './security';

/** Must run before the app is ready: app:// is a standard, secure scheme so the renderer gets an origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from app://provdesk/ with the strict CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const relative = rendererFileFor(request.url);
    if (!relative) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path.join(rendererDir, relative)).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
