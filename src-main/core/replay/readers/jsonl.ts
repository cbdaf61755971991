import { createReadStream } from 'node:fs';
import { inputError } from '../replay-error';

/** Longest line accepted (characters): a bound on memory for one record. */
export const MAX_JSONL_LINE = 1 << 20;

/**
 * Streams a JSON Lines file: one JSON object per line, blank lines skipped, each line bounded in length.
 * Yields the objects of each read chunk. JSON.parse makes `__proto__` an own key, so no prototype is touched.
 */
export async function* jsonlChunks(
  file: string,
  label: string,
  maxLine = MAX_JSONL_LINE,
): AsyncGenerator<Record<string, unknown>[]> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  let partial = '';
  let lineNo = 0;
  const parse = (line: string): Record<string, unknown> | null => {
    lineNo++;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw inputError('jsonl-invalid', `${label}: line ${lineNo}: ${(e as Error).message}`, label);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw inputError('jsonl-invalid', `${label}: line ${lineNo}: not a JSON object`, label);
    return value as Record<string, unknown>;
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > maxLine)
        throw inputError(
          'jsonl-line-too-long',
          `${label}: line ${lineNo + lines.length + 1} is longer than ${maxLine} characters`,
          label,
        );
      const rows: Record<string, unknown>[] = [];
      for (const line of lines) {
        if (line.length > maxLine)
          throw inputError(
            'jsonl-line-too-long',
            `${label}: line ${lineNo + 1} is longer than ${maxLine} characters`,
            label,
          );
        const row = parse(line);
        if (row) rows.push(row);
      }
      if (rows.length) yield rows;
    }
    const last = parse(partial);
    if (last) yield [last];
  } finally {
    stream.destroy();
  }
}
