// Builds a store the size of a busy team's: N bundles (clones of the real sample import, renamed, spread over
// six months, authors and pipelines varied), replays with every verdict (clones of one real replay), signed
// decisions made through decideApproval, drift alerts, and audit entries up to the asked total.
import { createHash } from 'node:crypto';
import type { BundleMetadata } from '../src-main/common/schemas/bundle';
import { appendAudit } from '../src-main/core/audit/audit-log';
import { decideApproval } from '../src-main/core/governance/approvals';
import { indexApprovalFacts } from '../src-main/core/governance/approval-facts';
import { scryptKeyProtector } from '../src-main/core/keys/key-protector';
import { createIdentity, unlockIdentity } from '../src-main/core/governance/local-identity';
import { importBundle } from '../src-main/core/services/import-bundle';
import { replayStoredBundle } from '../src-main/core/services/replay-bundle';
import { openStore, type Store, type Tx } from '../src-main/core/store/store';
import { mulberry32 } from '../test/helpers/seeded-random';

export interface SeedOptions {
  bundles: number;
  auditEntries: number;
  decisions: number;
  sampleZip: string;
  workerScript: string;
}

const PEOPLE = ['ana', 'bo', 'chen', 'dana', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jun', 'kofi', 'lena'];
const PIPELINES = Array.from({ length: 40 }, (_, i) => `pipeline-${String(i).padStart(2, '0')}`);
const DAY = 86_400_000;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function columns(tx: Tx, table: string): string[] {
  return tx.all<{ name: string }>(`PRAGMA table_info(${table})`).map((c) => c.name);
}

/** Copies every row of `table` for digest `from` to digest `to` (the other columns as they are). */
function cloneRows(tx: Tx, table: string, cols: string[], from: string, to: string): void {
  const rest = cols.filter((c) => c !== 'digest');
  tx.run(
    `INSERT INTO ${table} (digest, ${rest.join(', ')}) SELECT ?, ${rest.join(', ')} FROM ${table} WHERE digest = ?`,
    [to, from],
  );
}

export async function seedTeamStore(
  storeDir: string,
  o: SeedOptions,
): Promise<{ store: Store; sampleDigest: string; seconds: number }> {
  const t0 = Date.now();
  const random = mulberry32(7);
  const store = await openStore(storeDir);
  const imported = await importBundle(store, o.sampleZip, { actor: 'dana' });
  const sampleDigest = imported.bundleDigest!;
  const realReplay = await replayStoredBundle(store, sampleDigest, { actor: 'dana', workerScript: o.workerScript });
  const sample = store.get<Record<string, string | number>>('SELECT * FROM bundles WHERE digest = ?', [sampleDigest])!;
  const meta = JSON.parse(String(sample.metadata_json)) as BundleMetadata;
  const replayRow = store.get<Record<string, string | number | null>>('SELECT * FROM replays WHERE id = ?', [
    realReplay.id,
  ])!;
  const outcome = JSON.parse(String(replayRow.outcome_json)) as Record<string, unknown>;
  const outcomes = {
    reproduced: JSON.stringify({ ...outcome, verdict: 'reproduced' }),
    'not-reproduced': JSON.stringify({
      ...outcome,
      verdict: 'not-reproduced',
      reason: 'accuracy is outside its tolerance',
    }),
    failed: JSON.stringify({ ...outcome, verdict: 'failed', reason: 'the worker ran out of memory' }),
  };

  const start = Date.parse('2026-05-26T09:00:00.000Z');
  const tables = [
    'bundle_files',
    'bundle_tag_files',
    'bundle_licenses',
    'license_artifacts',
    'bundle_datasets',
    'bundle_pipelines',
  ];
  const digests: string[] = [];
  for (let done = 1; done < o.bundles; done += 250) {
    store.transaction((tx) => {
      const cols = Object.fromEntries(tables.map((t) => [t, columns(tx, t)]));
      for (let i = done; i < Math.min(done + 250, o.bundles); i++) {
        const digest = sha(`bench-bundle-${i}`);
        const author = PEOPLE[i % PEOPLE.length]!;
        const pipeline = PIPELINES[Math.floor(random() * PIPELINES.length)]!;
        const at = new Date(start + (i / o.bundles) * 180 * DAY).toISOString();
        const name = `${pipeline} run ${i}`;
        const m = {
          ...meta,
          name,
          author: { id: `mailto:${author}@bench.example`, name: author, email: `${author}@bench.example` },
        };
        tx.run(
          `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            digest,
            name,
            author,
            at,
            author,
            `${name}.zip`,
            sample.status!,
            sample.completeness!,
            sample.files!,
            sample.bytes!,
            sample.verification_json!,
            JSON.stringify(m),
          ],
        );
        for (const t of tables) cloneRows(tx, t, cols[t]!, sampleDigest, digest);
        indexApprovalFacts(tx, digest, m);
        appendAudit(tx, {
          actor: author,
          action: 'bundle.import',
          subject: digest,
          details: { name, source: `${name}.zip`, files: sample.files },
        });
        digests.push(digest);
        // Seven in ten are replayed, a few twice; most reproduce.
        const replays = random() < 0.7 ? (random() < 0.15 ? 2 : 1) : 0;
        for (let r = 0; r < replays; r++) {
          const u = random();
          const verdict = u < 0.8 ? 'reproduced' : u < 0.95 ? 'not-reproduced' : 'failed';
          const started = new Date(Date.parse(at) + (r + 1) * 3_600_000).toISOString();
          const duration = Math.round(400 + random() ** 3 * 60_000);
          tx.run(
            `INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size, outcome_json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
            [
              sha(`bench-replay-${i}-${r}`).slice(0, 32),
              digest,
              started,
              new Date(Date.parse(started) + duration).toISOString(),
              'ravi',
              verdict,
              verdict,
              replayRow.output_sha256 ?? null,
              duration,
              Math.round(duration * 0.8),
              Math.round(120e6 + random() * 900e6),
              outcomes[verdict],
            ],
          );
          appendAudit(tx, {
            actor: 'ravi',
            action: 'replay.run',
            subject: digest,
            details: { verdict, durationMs: duration },
          });
        }
        if (i % 37 === 0) {
          tx.run(
            `INSERT INTO drift_alerts (digest, earlier_digest, kind, subject, before, after, message, suggestion, created_at) VALUES (?, ?, 'data', 'iris.csv', ?, ?, ?, 'replay it', ?)`,
            [
              digest,
              sampleDigest,
              sha(`a${i}`),
              sha(`b${i}`),
              `data set iris.csv changed digest against ${PIPELINES[0]}`,
              at,
            ],
          );
        }
      }
    });
  }

  // Signed decisions on reproduced bundles, through the same code path as the app (one unlock, many signatures).
  const identity = await createIdentity(
    store,
    { name: 'Ravi', email: 'ravi@bench.example' },
    scryptKeyProtector('bench passphrase'),
    'ravi',
  );
  const key = await unlockIdentity(store.dir, identity, scryptKeyProtector('bench passphrase'));
  const reproduced = store.all<{ digest: string }>(
    `SELECT DISTINCT digest FROM replays WHERE verdict = 'reproduced' AND digest <> ? ORDER BY digest LIMIT ?`,
    [sampleDigest, o.decisions],
  );
  for (const [k, { digest }] of reproduced.entries()) {
    const decision = k % 9 === 0 ? 'reject' : 'approve';
    await decideApproval(
      store,
      { digest, decision, reason: decision === 'approve' ? 'replayed and checked' : 'wrong split', justifications: {} },
      identity,
      async () => key,
      'ravi',
    );
  }

  // The rest of the log: what a team's days leave behind.
  const actions = ['bundle.open', 'license.evaluate', 'access.event', 'replay.start', 'policy.view', 'export.bundle'];
  const filler = 'model data bundle replay metric license approval checksum crate payload tensor weights';
  let entries = store.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log')!.n;
  while (entries < o.auditEntries) {
    const batch = Math.min(2000, o.auditEntries - entries);
    store.transaction((tx) => {
      for (let j = 0; j < batch; j++) {
        const digest = digests[Math.floor(random() * digests.length)]!;
        appendAudit(tx, {
          actor: PEOPLE[j % PEOPLE.length]!,
          action: actions[j % actions.length]!,
          subject: digest,
          details: { index: entries + j, note: filler },
        });
      }
    });
    entries += batch;
  }
  return { store, sampleDigest, seconds: (Date.now() - t0) / 1000 };
}
