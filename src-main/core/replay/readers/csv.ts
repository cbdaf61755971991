import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { inputError } from '../replay-error';

/**
 * Streams a CSV file (comma, header row as the first row) through papaparse in chunks of rows, pausing the
 * parser until the consumer asks for more, so memory stays flat however long the file is.
 */
export async function* csvChunks(file: string, label: string): AsyncGenerator<string[][]> {
  // A utf8 stream hands papaparse whole characters even when a multi-byte one straddles two reads.
  const stream = createReadStream(file, { encoding: 'utf8' });
  const pending: string[][][] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let parser: Papa.Parser | null = null;
  let rowsSeen = 0;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  Papa.parse<string[]>(stream as unknown as File, {
    header: false,
    delimiter: ',',
    skipEmptyLines: true,
    chunk(results, p) {
      parser = p;
      const err = results.errors[0];
      if (err) {
        failure = inputError('csv-invalid', `${label}: row ${rowsSeen + (err.row ?? 0) + 1}: ${err.message}`, label);
        p.abort();
      } else {
        rowsSeen += results.data.length;
        pending.push(results.data);
        p.pause();
      }
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(e: Error) {
      failure = inputError('csv-unreadable', `${label}: ${e.message}`, label);
      notify();
    },
  });
  try {
    for (;;) {
      const next = pending.shift();
      if (next) {
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      (parser as Papa.Parser | null)?.resume(); // may deliver the next chunk synchronously
      if (pending.length > 0 || done || failure) continue;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!done) (parser as Papa.Parser | null)?.abort();
    stream.destroy();
  }
}
