import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../../../src-main/core/services/app-context';
import { dispatch } from '../../../../src-main/core/services/dispatch';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { sampleBundle } from '../../../helpers/cli';

let dir: string;
let context: AppContext;
let digest: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-report-channel-'));
  context = await createAppContext({ storeDir: path.join(dir, 'store'), host: 'preview', actor: 'lee' });
  digest = (await importBundle(context.store, sampleBundle, { actor: 'dana' })).bundleDigest!;
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the 'report:bundle' and 'report:pdf' channels", () => {
  it('answers the file name and the HTML, and audits who produced the report', async () => {
    const r = await dispatch(context.handlers, 'report:bundle', { digest });
    expect(r).toMatchObject({
      ok: true,
      value: { fileName: `replication-report-iris-species-logistic-regression-${digest.slice(0, 12)}.html` },
    });
    const html = (r as { value: { html: string } }).value.html;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('Not replayed yet');
    expect(listAudit(context.store, { action: 'report.produce' }).entries[0]).toMatchObject({
      actor: 'lee',
      subject: digest,
      details: { format: 'html', replayId: null, verdict: 'not-replayed' },
    });
  });

  it('refuses a malformed digest, an unknown bundle and an unknown replay with clear errors', async () => {
    expect(await dispatch(context.handlers, 'report:bundle', { digest: 'xyz' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await dispatch(context.handlers, 'report:bundle', { digest: 'e'.repeat(64) })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/no bundle with digest/) },
    });
    expect(await dispatch(context.handlers, 'report:bundle', { digest, replayId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'no replay nope in this store' },
    });
  });

  it('the preview host cannot write a PDF and says to print instead', async () => {
    const r = await dispatch(context.handlers, 'report:pdf', { digest });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'refused',
        message: expect.stringMatching(/cannot write PDF.*Save as PDF/),
        details: { unsupported: true, fallback: 'print' },
      },
    });
  });
});
