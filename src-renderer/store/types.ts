import type { InfoSlice } from './info-slice';
import type { PrefsSlice } from './prefs-slice';
import type { BundlesSlice } from './bundles-slice';
import type { BundleDetailSlice } from './bundle-detail-slice';
import type { ImportSlice } from './import-slice';
import type { AuditSlice } from './audit-slice';
import type { LicensesSlice } from './licenses-slice';
import type { AccessSlice } from './access-slice';
import type { DashboardSlice } from './dashboard-slice';
import type { ReplaysSlice } from './replays-slice';
import type { ApprovalsSlice } from './approvals-slice';
import type { RegistrySlice } from './registry-slice';

/** The whole renderer state: one store, built from the slices below. */
export type AppState = InfoSlice &
  PrefsSlice &
  BundlesSlice &
  BundleDetailSlice &
  ImportSlice &
  AuditSlice &
  LicensesSlice &
  AccessSlice &
  DashboardSlice &
  ReplaysSlice &
  ApprovalsSlice &
  RegistrySlice;
