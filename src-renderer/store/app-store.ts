import { create } from 'zustand';
import { createInfoSlice } from './info-slice';
import { createPrefsSlice } from './prefs-slice';
import { createBundlesSlice } from './bundles-slice';
import { createBundleDetailSlice } from './bundle-detail-slice';
import { createImportSlice } from './import-slice';
import { createAuditSlice } from './audit-slice';
import { createLicensesSlice } from './licenses-slice';
import { createAccessSlice } from './access-slice';
import { createDashboardSlice } from './dashboard-slice';
import { createReplaysSlice } from './replays-slice';
import { createApprovalsSlice } from './approvals-slice';
import { createRegistrySlice } from './registry-slice';
import type { AppState } from './types';

export type { AppState } from './types';

export const useAppStore = create<AppState>()((...a) => ({
  ...createInfoSlice(...a),
  ...createPrefsSlice(...a),
  ...createBundlesSlice(...a),
  ...createBundleDetailSlice(...a),
  ...createImportSlice(...a),
  ...createAuditSlice(...a),
  ...createLicensesSlice(...a),
  ...createAccessSlice(...a),
  ...createDashboardSlice(...a),
  ...createReplaysSlice(...a),
  ...createApprovalsSlice(...a),
  ...createRegistrySlice(...a),
}));
