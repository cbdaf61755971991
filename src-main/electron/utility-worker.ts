import { utilityProcess } from 'electron';
import type { SpawnWorker } from '../core/services/host-runtime';
import { utilityWorkerSpawner } from './utility-worker-adapter';

/** Replay workers as Electron utility processes; call only after app 'ready' (utilityProcess.fork requires it). */
export const utilityProcessWorker: SpawnWorker = utilityWorkerSpawner((modulePath, args, options) =>
  utilityProcess.fork(modulePath, args, options),
);
