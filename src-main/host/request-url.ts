/**
 * A request's URL and its percent-decoded path, or null when either is malformed (`/api/%E0%A4%A`, a bad port
 * in `//a:b`): the host answers that with 400, where a decode error thrown later would have been a 500.
 */
export function parseRequestUrl(raw: string | undefined): { url: URL; path: string } | null {
  try {
    const url = new URL(raw ?? '/', 'http://127.0.0.1');
    return { url, path: decodeURIComponent(url.pathname) };
  } catch {
    return null;
  }
}
