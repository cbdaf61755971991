import path from 'node:path';
import { CodedError } from '../../common/result';
import type { ReplicationReport } from '../../common/schemas/report';
import { appVersion } from '../app-paths';
import { buildReport, recordReportProduced } from '../report/produce-report';
import { writeFileDurable } from '../store/file-io';
import type { Store } from '../store/store';
import { requireDigest } from './bundle-queries';

export interface ReportFile {
  file: string;
  bundleDigest: string;
  verdict: ReplicationReport['verdict'];
  replayId: string | null;
  approvals: number;
}

/**
 * A stored bundle's replication report (named by digest or a unique prefix) written as one self-contained HTML file
 * (durably: temp file, fsync, rename; default name beside the working folder) and audited ('report.produce').
 */
export function writeReportFile(
  store: Store,
  bundle: string,
  options: { actor: string; replayId?: string; output?: string },
): ReportFile {
  const digest = requireDigest(store, bundle);
  const built = buildReport(store, digest, {
    actor: options.actor,
    appVersion: appVersion(),
    ...(options.replayId !== undefined ? { replayId: options.replayId } : {}),
  });
  const file = path.resolve(options.output ?? built.fileName);
  try {
    writeFileDurable(file, Buffer.from(built.html, 'utf8'));
  } catch (error) {
    throw new CodedError('io-error', `could not write ${file}: ${(error as Error).message}`);
  }
  recordReportProduced(store, options.actor, built.report, 'html', file);
  return {
    file,
    bundleDigest: digest,
    verdict: built.report.verdict,
    replayId: built.report.replay?.id ?? null,
    approvals: built.report.approvals.records.length,
  };
}
