import type { Environment, FileRole } from '../../common/schemas/bundle';

/** Everything a written bundle says about a run, before it is turned into RO-Crate entities. */

export type Scalar = string | number | boolean | null;

export interface DescribedFile {
  path: string; // relative to data/, '/'-separated, a real (decoded) name
  role: FileRole;
  license?: string | null; // SPDX expression; absent = the root's
  access?: string | null; // public | internal | restricted | confidential
  description?: string | null;
  // A data set's origin, e.g. an MLflow dataset input (its digest is a weak fingerprint, never a checksum).
  dataset?: {
    name?: string | null;
    version?: string | null;
    url?: string | null;
    fingerprint?: { algorithm: string; value: string } | null;
  } | null;
}

/** A data set the run used that is not in the payload: recorded by reference (with its weak fingerprint, if any). */
export interface ExternalDataset {
  name: string;
  url: string | null;
  version?: string | null;
  description?: string | null;
  fingerprint?: { algorithm: string; value: string } | null;
}

export interface DescribedModule {
  name: string;
  version: string | null;
  repository: string | null;
  commit: string | null;
  license?: string | null;
  files?: string[]; // code files (payload paths) that belong to the module
}

export interface BundleDescription {
  name: string;
  description: string | null;
  hypothesis: string | null;
  author: { name: string | null; email: string | null } | null;
  license: string | null; // SPDX expression for the whole bundle
  access: string | null; // conditionsOfAccess files inherit (public | internal | restricted | confidential)
  datePublished: string; // YYYY-MM-DD
  run: { id: string; name: string | null; startTime: string | null; endTime: string | null };
  files: DescribedFile[];
  modules: DescribedModule[];
  pipeline: { name: string; version: string | null } | null;
  parameters: Record<string, Scalar>;
  metrics: Record<string, number>;
  datasets?: ExternalDataset[];
  replay: Record<string, unknown> | null; // data/replay.json as written
  environment: Environment | null; // data/env/environment.json
  // env/environment.json is one of the described files, packed as it is (recorded where the run ran); `environment`
  // then says what it holds, for the crate, and the writer does not write the file itself.
  environmentFile?: boolean;
}

export const ENVIRONMENT_PATH = 'env/environment.json';

/** Payload paths the writer makes itself; a described file may not take them. */
export const GENERATED_PATHS = ['ro-crate-metadata.json', 'replay.json', 'env/environment.json'] as const;
