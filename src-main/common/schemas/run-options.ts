import { z } from 'zod';

/** How much of this machine a long task may use: hashing workers (verify, import) and inference threads (replay). */
export const workerThreadsSchema = z.number().int().min(1);
