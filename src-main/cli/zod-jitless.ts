import { z } from 'zod';

/**
 * zod without its compiled fast path, for commands that parse each document once (`verify`, `inspect`): compiling
 * a schema's parser costs more than it saves there. A module of its own so that `main` loads only `z.config`
 * (the CLI build keeps only the parts of zod a chunk uses), and only for those commands.
 */
export function zodJitless(): void {
  z.config({ jitless: true });
}
