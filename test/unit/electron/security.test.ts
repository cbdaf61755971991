import { describe, expect, it } from 'vitest';
import {
  appEntryUrl,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  rendererFileFor,
  secureWebPreferences,
} from '../../../src-main/electron/security';
import { contentSecurityPolicy } from '../../../src-main/common/csp';

describe('navigation rules (THREATS 18)', () => {
  it('allows only app://provdesk pages', () => {
    expect(isAppUrl(appEntryUrl)).toBe(true);
    expect(isAppUrl('app://provdesk/index.html#/bundles')).toBe(true);
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://user:pw@provdesk/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('opens only plain http(s) links externally', () => {
    expect(isSafeExternalUrl('https://spdx.org/licenses/MIT')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'smb://host/share',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'vscode://x',
      'https://user:pw@example.com',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('IPC sender check (THREATS 17)', () => {
  it('answers only the main frame of an app page', () => {
    expect(isTrustedSender('app://provdesk/index.html', true)).toBe(true);
    expect(isTrustedSender('app://provdesk/index.html', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
});

describe('renderer files behind app://', () => {
  it('maps paths inside the renderer folder', () => {
    expect(rendererFileFor('app://provdesk/')).toBe('index.html');
    expect(rendererFileFor('app://provdesk/assets/index-abc.js')).toBe('assets/index-abc.js');
  });
  it('refuses traversal, encoded or not', () => {
    // The URL parser itself resolves dot segments at the root, so this stays inside the renderer folder.
    expect(rendererFileFor('app://provdesk/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
    for (const url of [
      'app://provdesk/assets/%2e%2e%2f..%2fsecret',
      'app://provdesk/a%5c..%5cb',
      'app://provdesk/a%00b',
      'app://evil/index.html',
    ]) {
      expect(rendererFileFor(url), url).toBeNull();
    }
  });
});

describe('window hardening (THREATS 16, 19)', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(secureWebPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });
  it('sets a strict CSP: own scripts only, no eval, no inline script', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/script-src[^;]*unsafe/);
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });
});
