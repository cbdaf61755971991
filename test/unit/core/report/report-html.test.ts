import { afterEach, describe, expect, it } from 'vitest';
import type { BundleMetadata } from '../../../../src-main/common/schemas/bundle';
import type { DecideResult, Identity } from '../../../../src-main/common/schemas/governance';
import { gatherReplicationReport } from '../../../../src-main/core/report/replication-report';
import { renderReportHtml, reportCsp } from '../../../../src-main/core/report/report-html';
import { esc, formatNumber, reportFileName, slug } from '../../../../src-main/core/report/html-text';
import { dataset, file, metadata, storeBundle } from '../governance/governance-helpers';
import { addReplay, sampleStore } from './report-fixture';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function setup() {
  const s = await sampleStore();
  cleanups.push(s.dispose);
  return s;
}

const options = { actor: 'ravi', appVersion: '9.9.9', now: new Date('2026-11-26T12:00:00.000Z') };
const XSS = '<script>alert(1)</script>';
const BREAKOUT = `"><img src=x onerror=alert(1)>'`;

/** Every tag and attribute the renderer writes; anything else came from bundle text that was not escaped. */
const allowedTags = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'main',
  'footer',
  'section',
  'h1',
  'h2',
  'h3',
  'p',
  'dl',
  'dt',
  'dd',
  'span',
  'code',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'li',
  'br',
]);
const allowedAttributes = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'class',
  'id',
  'aria-labelledby',
]);

function markup(html: string): { tags: string[]; attributes: string[] } {
  const withoutStyle = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  const tags: string[] = [];
  const attributes: string[] = [];
  for (const m of withoutStyle.matchAll(/<\/?([!a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.push(m[1]!.toLowerCase());
    for (const a of m[2]!.matchAll(/\s([^\s=]+)=/g)) attributes.push(a[1]!.toLowerCase());
  }
  return { tags, attributes };
}

function hostileMetadata(): BundleMetadata {
  const base = metadata({
    name: XSS,
    license: BREAKOUT,
    files: [file(`data/${XSS}.csv`, 'data', `MIT" onclick="x`)],
    datasets: [
      {
        ...dataset(`${XSS}`, 'CC-BY-4.0', 'public', 'c'.repeat(64)),
        version: BREAKOUT,
        url: 'https://evil.example/pixel.png',
      },
    ],
  });
  return {
    ...base,
    description: `desc ${BREAKOUT}`,
    author: { id: 'x', name: `Eve ${XSS}`, email: null },
    run: {
      id: '#run',
      name: BREAKOUT,
      hypothesis: `H1 ${XSS}\u0000\u0007 <style>body{background:url(https://evil.example/a)}</style>`,
      startTime: null,
      endTime: null,
      agent: `javascript:alert(1)`,
      parameters: { [`p${BREAKOUT}`]: `v${XSS}` },
      metrics: { [`m${XSS}`]: 0.5 },
    },
  };
}

describe('the report as HTML', () => {
  it('one self-contained document: strict CSP, inline CSS, no script, nothing loaded, generated time and version', async () => {
    const { store, digest } = await setup();
    addReplay(store, digest, 'replay-1', '2026-11-02T10:00:00.000Z', true);
    const html = renderReportHtml(gatherReplicationReport(store, digest, options));
    expect(reportCsp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${reportCsp.replace(/'/g, '&#39;')}">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|<form|<base/i);
    expect(html).not.toMatch(/\s(src|href|srcset|action|formaction|poster|data)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain('2026-11-26T12:00:00.000Z');
    expect(html).toContain('Provenance Desk 9.9.9');
    expect(html).toMatch(/@page\s*\{/);
    // The digest is prominent: its own labelled block near the top, and in the footer.
    expect(html).toMatch(new RegExp(`<code class="digest" id="bundle-digest">${digest}</code>`));
    expect(html.indexOf(digest)).toBeLessThan(html.indexOf('id="hypothesis"'));
    const { tags, attributes } = markup(html);
    expect(tags.filter((t) => !allowedTags.has(t))).toEqual([]);
    expect(attributes.filter((a) => !allowedAttributes.has(a))).toEqual([]);
  });

  it('sections in the order of the issue, with the real values', async () => {
    const { store, digest, call } = await setup();
    addReplay(store, digest, 'replay-1', '2026-11-02T10:00:00.000Z', true);
    const ravi = await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    expect(
      (await call<DecideResult>('approvals:decide', { digest, decision: 'reject', reason: 'needs a data set version' }))
        .accepted,
    ).toBe(true);
    const html = renderReportHtml(gatherReplicationReport(store, digest, options));
    const order = [
      'hypothesis',
      'datasets',
      'parameters',
      'metrics',
      'environment',
      'licenses',
      'approvals',
      'audit',
    ].map((id) => html.indexOf(`<section id="${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('Multinomial logistic regression separates the three iris species with accuracy above 0.9.');
    expect(html).toContain('8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768'); // the data set's digest
    expect(html).toMatch(/<code>max_iter<\/code><\/td><td>5000</);
    expect(html).toMatch(
      /<code>log_loss<\/code><\/td><td class="num">0\.1357989<\/td><td class="num">0\.13579889<\/td><td class="num">-6\.3e-9<\/td>/,
    );
    expect(html).toContain('Reproduced');
    expect(html).toContain('<td>os</td><td>Debian GNU/Linux 12</td><td>Ubuntu 24.04</td>');
    expect(html).toContain('BSD-3-Clause');
    expect(html).toContain(`<code>${ravi.keyId}</code>`);
    expect(html).toMatch(/verified<\/span>/);
    expect(html).toContain('needs a data set version');
    expect(html).toContain('<code>approval.decide</code>');
    expect(html).toContain('<code>bundle.import</code>');
  });

  it('a bundle never replayed and never approved says so instead of failing', async () => {
    const { store, digest } = await setup();
    const html = renderReportHtml(gatherReplicationReport(store, digest, options));
    expect(html).toContain('Not replayed yet');
    expect(html).toContain('has not been replayed in this store');
    expect(html).toContain('No approvals: nobody has signed a decision about this bundle.');
    expect(html).toMatch(/<code>accuracy<\/code><\/td><td class="num">1<\/td>/); // reported, unchecked
  });

  it('bundle text is inert: tags and attribute-breaking quotes come out escaped', async () => {
    const { store } = await setup();
    const digest = 'd'.repeat(64);
    storeBundle(store, digest, hostileMetadata());
    const html = renderReportHtml(gatherReplicationReport(store, digest, options));
    expect(html).not.toContain(XSS);
    expect(html).not.toContain(BREAKOUT);
    expect(html).not.toMatch(/<script|<img|onclick="/i); // onerror= survives only as escaped text
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;');
    expect(html).toContain('&lt;style&gt;body{background:url(https://evil.example/a)}&lt;/style&gt;');
    expect(html).not.toMatch(/[\u0000\u0007]/);
    expect(html.match(/<style>/g)).toHaveLength(1);
    const { tags, attributes } = markup(html);
    expect(tags.filter((t) => !allowedTags.has(t))).toEqual([]);
    expect(attributes.filter((a) => !allowedAttributes.has(a))).toEqual([]);
    // The title, which the browser shows as text, is escaped too.
    expect(html).toMatch(/<title>Replication report: &lt;script&gt;alert\(1\)&lt;\/script&gt; \(d{12}\)<\/title>/);
  });
});

describe('report text helpers', () => {
  it('escapes every character that could open a tag or leave an attribute, and drops controls', () => {
    expect(esc(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    expect(esc('a\u0000b\u001bc\ud800d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(esc('tab\tnew\nline 😀')).toBe('tab\tnew\nline 😀');
    expect(esc(null)).toBe('—');
  });

  it('numbers to 8 significant digits, null as n/a; file names from the bundle name', () => {
    expect(formatNumber(0.1357988963001221)).toBe('0.1357989');
    expect(formatNumber(5000)).toBe('5000');
    expect(formatNumber(null)).toBe('n/a');
    expect(slug(XSS)).toBe('script-alert-1-script');
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
    expect(slug('Ünïcödé  Modèle')).toBe('unicode-modele');
    expect(slug('***')).toBe('bundle');
    expect(reportFileName('Iris species', 'ab'.repeat(32), 'pdf')).toBe(
      'replication-report-iris-species-abababababab.pdf',
    );
  });
});
