import type { StateCreator } from 'zustand';
import { call, importableFile } from '../api/client';
import type { RequestOf } from '../../src-main/common/contract';
import type { ImportJob } from '../../src-main/common/schemas/job';
import { errorText } from './loadable';
import { phasedJobPoll } from './job-poll';
import type { AppState } from './types';

export type ImportSource = RequestOf<'import:start'>['source'];

export interface ImportState {
  label: string | null; // what is being imported, in the user's words (file name, path, "sample bundle")
  phase: 'idle' | 'uploading' | 'starting' | 'running' | 'finished';
  job: ImportJob | null;
  error: string | null; // the request itself failed (not a refused bundle: that is job.result)
}

export interface ImportSlice {
  importState: ImportState;
  startImport(source: ImportSource, label: string): Promise<void>;
  importFile(file: File): Promise<void>;
  cancelImport(): Promise<void>;
  dismissImport(): void;
}

const POLL_MS = 250;
const idle: ImportState = { label: null, phase: 'idle', job: null, error: null };

function busy(s: ImportState): boolean {
  return s.phase === 'uploading' || s.phase === 'starting' || s.phase === 'running';
}

export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (set, get) => {
  const patch = (p: Partial<ImportState>) => set((s) => ({ importState: { ...s.importState, ...p } }));

  const finished = () => {
    // What the import changed shows up everywhere: list, counts, audit log.
    const s = get();
    void s.loadBundles();
    void s.loadInfo();
    if (s.audit.log.loaded) {
      void s.loadAudit();
      void s.verifyChain();
    }
  };
  const poll = phasedJobPoll<ImportJob>({
    every: POLL_MS,
    status: (jobId) => call('import:status', { jobId }),
    patch: patch,
    done: () => finished(),
  });

  return {
    importState: idle,
    async startImport(source, label) {
      if (busy(get().importState) && get().importState.phase !== 'uploading') return;
      poll.stop();
      set({ importState: { label, phase: 'starting', job: null, error: null } });
      try {
        const { jobId } = await call('import:start', { source });
        const placeholder: ImportJob = {
          id: jobId,
          kind: 'import',
          label,
          state: 'running',
          progress: {
            stage: 'starting',
            bytesDone: 0,
            bytesTotal: 0,
            filesDone: 0,
            filesTotal: 0,
            rateBytesPerSec: 0,
            etaMs: null,
          },
          result: null,
          error: null,
        };
        patch({ phase: 'running', job: placeholder });
        await poll.follow(jobId);
      } catch (e) {
        patch({ phase: 'finished', error: errorText(e) });
      }
    },
    async importFile(file) {
      if (busy(get().importState)) return;
      set({ importState: { label: file.name, phase: 'uploading', job: null, error: null } });
      try {
        const chosen = await importableFile(file);
        if (!chosen) return set({ importState: idle }); // the desktop app's confirming dialog was cancelled
        await get().startImport({ kind: 'path', path: chosen.path }, chosen.name);
      } catch (e) {
        patch({ phase: 'finished', error: errorText(e) });
      }
    },
    async cancelImport() {
      const job = get().importState.job;
      if (!job || job.state !== 'running') return;
      try {
        await call('import:cancel', { jobId: job.id });
        // The next poll reports the cancelled state; nothing else to do here.
      } catch (e) {
        patch({ error: errorText(e) });
      }
    },
    dismissImport() {
      if (busy(get().importState)) return;
      poll.stop();
      set({ importState: idle });
    },
  };
};

export function importBusy(s: ImportState): boolean {
  return busy(s);
}
