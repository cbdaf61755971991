import type { Problem } from '../../common/problem';
import path from 'node:path';
import { inferTabular, openSession } from './infer-tabular';
import { inferTensor } from './infer-tensor';
import { inferText } from './infer-text';
import { CRASH_ENV, type ParentMessage, type WorkerJob, type WorkerMessage, type WorkerResult } from './protocol';
import { ReplayInputError } from './replay-error';
import { parentChannel, type ProcessLike } from './worker-channel';

/**
 * The replay worker process: receives one job, runs the model, sends the outputs back and exits. The parent
 * enforces the time and memory limits from outside (run-worker.ts), so nothing here needs to be trusted.
 */

// Node IPC, or parentPort in Electron's utilityProcess
const channel = parentChannel(process as unknown as ProcessLike);

function send(message: WorkerMessage): Promise<void> {
  return channel.send(message);
}

async function run(job: WorkerJob): Promise<WorkerResult> {
  let last = 0;
  const onRows = (rows: number) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    void send({ type: 'progress', rows });
  };
  if (job.probe !== undefined) {
    const session = await openSession(path.join(job.root, job.probe), 1);
    await session.release();
    return { kind: 'probe', rows: 0, outputSha256: null };
  }
  if (job.spec.task === 'tensor') return inferTensor(job, onRows);
  if (job.spec.task === 'text-classification') return inferText(job, onRows);
  return inferTabular(job, onRows);
}

channel.onceMessage((message: ParentMessage) => {
  if (message.type !== 'run') return;
  if (process.env[CRASH_ENV] === 'abort') process.abort();
  run(message.job)
    .then(async (result) => {
      const cpu = process.cpuUsage();
      await send({
        type: 'result',
        result,
        cpuMs: (cpu.user + cpu.system) / 1000,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      });
    })
    .catch(async (e: unknown) => {
      const problem: Problem =
        e instanceof ReplayInputError
          ? e.problem
          : { code: 'replay-worker-error', message: e instanceof Error ? e.message : String(e) };
      await send({ type: 'error', problem });
    })
    .finally(() => channel.close());
});
