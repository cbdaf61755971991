import type { Migration } from './migration';
import { migration0001 } from './0001-audit-log';
import { migration0002 } from './0002-bundles';
import { migration0003 } from './0003-replays';
import { migration0004 } from './0004-licenses-access';
import { migration0005 } from './0005-governance';
import { migration0006 } from './0006-drift';
import { migration0007 } from './0007-audit-checkpoints';
import { migration0008 } from './0008-approval-facts';
import { migration0009 } from './0009-authorship';
import { migration0010 } from './0010-signed-teams';
import { migration0011 } from './0011-audit-verified-mark';
import { migration0012 } from './0012-drift-dismissals';
import { migration0013 } from './0013-registry-witnesses';
import { migration0014 } from './0014-metadata-errors';

export type { Migration } from './migration';

/** Every migration in version order. Adding one: import it and append it here. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
];

export const latestSchemaVersion = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
