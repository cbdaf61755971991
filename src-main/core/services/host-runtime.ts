// What the hosts (Electron's shell, the preview host) need of core besides its service calls, through this door:
// how a worker process or thread is started and spoken to, how a private key is kept at rest, how a file is written
// so a crash leaves the old one or the new one. Types and small helpers only; the logic stays in its module.
export type { KeyProtector, ProtectedSecret } from '../keys/key-protector';
export type { ParentMessage, WorkerMessage } from '../replay/protocol';
export type { SpawnWorker, WorkerProcess } from '../replay/run-worker';
export { writeFileDurable } from '../store/file-io';
export { workerScript } from '../worker-script';
