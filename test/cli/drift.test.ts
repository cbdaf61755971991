import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/core/store/store';
import { runCli, sampleBundle } from '../helpers/cli';
import { compareVariant } from '../helpers/compare-variants';

// `provdesk drift list|dismiss` (issue 17): the alerts raised at import, and closing one with a reason (audited).

let dir: string;
let store: string;
let sample: string;
let variant: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-cli-drift-'));
  store = path.join(dir, 'store');
  const file = path.join(dir, 'variant.bundle.zip');
  await compareVariant(sampleBundle, file, {
    name: 'Iris, new test set and numpy 2',
    dataFile: Buffer.from('sepal_length,label\n5.1,0\n'),
    numpyVersion: '2.0.0',
  });
  sample = cli('import', '--json', sampleBundle).json().bundleDigest as string;
  variant = cli('import', '--json', file).json().bundleDigest as string;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return runCli(['--store', store, ...args]);
}

interface Listed {
  id: number;
  kind: string;
  subject: string;
  state: string;
  bundleDigest: string;
  bundleName: string | null;
  earlierDigest: string;
  earlierName: string | null;
  dismissed: { reason: string; actor: string } | null;
}
const listed = (...args: string[]) =>
  cli('drift', 'list', '--json', ...args).json() as { alerts: Listed[]; total: number; open: number };

async function auditActions(): Promise<{ action: string; subject: string; details: string }[]> {
  const s = await openStore(store);
  try {
    return s.all<{ action: string; subject: string; details: string }>(
      'SELECT action, subject, details_json AS details FROM audit_log ORDER BY seq',
    );
  } finally {
    s.close();
  }
}

describe('provdesk drift', () => {
  it('list: every alert with its state, its bundle and the earlier bundle it compares with', () => {
    const all = listed();
    expect(all).toMatchObject({ total: 2, open: 2 });
    expect(all.alerts.map((a) => [a.kind, a.subject, a.state, a.bundleName, a.earlierName])).toEqual([
      ['data', 'test.csv', 'open', 'Iris, new test set and numpy 2', 'Iris species logistic regression'],
      ['package', 'numpy', 'open', 'Iris, new test set and numpy 2', 'Iris species logistic regression'],
    ]);
    expect(all.alerts.every((a) => a.bundleDigest === variant && a.earlierDigest === sample)).toBe(true);
    // By bundle, with a digest prefix: the sample raised nothing.
    expect(listed('--bundle', variant.slice(0, 12)).alerts).toHaveLength(2);
    expect(listed('--bundle', sample.slice(0, 12))).toEqual({ alerts: [], total: 0, open: 0 });
    const human = cli('drift', 'list');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^2 open of 2 drift alerts\n\n#\d+ {2}open {8}data {5}Iris, new test set/);
    expect(human.stdout).toContain('compares with Iris species logistic regression');
    expect(human.stdout).toMatch(/or: provdesk drift dismiss \d+ --reason TEXT/);
  });

  it('dismiss: closes one alert with the reason, audited as drift.dismiss; list shows it dismissed', async () => {
    const numpy = listed().alerts.find((a) => a.kind === 'package')!;
    const run = cli('drift', 'dismiss', String(numpy.id), '--reason', 'numpy 2 was adopted on purpose', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      alert: { id: numpy.id, kind: 'package', dismissed: { reason: 'numpy 2 was adopted on purpose' } },
    });
    expect(listed()).toMatchObject({ total: 2, open: 1 });
    expect(listed().alerts.find((a) => a.id === numpy.id)).toMatchObject({ state: 'dismissed' });
    expect(listed('--open').alerts.map((a) => a.kind)).toEqual(['data']);
    expect(cli('drift', 'list').stdout).toContain('dismissed by ');
    const last = (await auditActions()).at(-1)!;
    expect(last).toMatchObject({ action: 'drift.dismiss', subject: variant });
    expect(JSON.parse(last.details)).toMatchObject({
      alertId: numpy.id,
      kind: 'package',
      alertSubject: 'numpy',
      earlier: sample,
      reason: 'numpy 2 was adopted on purpose',
    });
  });

  it('refuses bad input with exit 2, naming the problem, and writes nothing', async () => {
    const data = listed().alerts.find((a) => a.kind === 'data')!;
    const before = (await auditActions()).length;

    const unknown = cli('drift', 'dismiss', '99999', '--reason', 'gone', '--json');
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toMatchObject({
      error: { code: 'not-found', message: 'no drift alert 99999 in this store' },
    });

    const empty = cli('drift', 'dismiss', String(data.id), '--reason', '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--reason: say why this alert is dismissed');
    const blank = cli('drift', 'dismiss', String(data.id), '--reason', '   ');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('--reason: say why this alert is dismissed');

    const noReason = cli('drift', 'dismiss', String(data.id));
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");

    for (const id of ['abc', '0', '1.5']) {
      const bad = cli('drift', 'dismiss', id, '--reason', 'x');
      expect(bad.code, id).toBe(2);
      expect(bad.stderr).toContain('ID takes a positive whole number (the id drift list shows)');
    }

    const numpy = listed().alerts.find((a) => a.kind === 'package')!;
    const again = cli('drift', 'dismiss', String(numpy.id), '--reason', 'twice', '--json');
    expect(again.code).toBe(2);
    expect(again.json()).toMatchObject({ error: { code: 'conflict' } });
    expect((again.json() as { error: { message: string } }).error.message).toContain(
      `drift alert ${numpy.id} was already dismissed`,
    );

    const noBundle = cli('drift', 'list', '--bundle', 'ffffffffffff');
    expect(noBundle.code).toBe(2);
    expect(noBundle.stderr).toContain('no bundle with digest ffffffffffff');

    // Nothing half-written: no audit entry, the data alert still open.
    expect((await auditActions()).length).toBe(before);
    expect(listed().alerts.find((a) => a.id === data.id)).toMatchObject({ state: 'open', dismissed: null });
  });

  it('a replay of the bundle after the alert revalidates it', () => {
    expect(cli('replay', variant).code).not.toBe(2);
    expect(listed().alerts.find((a) => a.kind === 'data')).toMatchObject({ state: 'revalidated' });
    expect(listed()).toMatchObject({ open: 0 });
    expect(cli('drift', 'list', '--open').stdout).toBe('0 open of 2 drift alerts; none shown.\n');
  });
});
