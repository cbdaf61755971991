import { inputError } from '../replay-error';
import { csvChunks } from './csv';
import { jsonlChunks } from './jsonl';
import { openParquet } from './parquet';

/** A streamed table: its column names, then chunks of rows aligned to them (CSV strings or JSON values). */
export interface TableStream {
  header: string[];
  chunks: AsyncGenerator<unknown[][]>;
}

/** `needed`: the columns the caller reads (Parquet decodes only those; rows stay aligned to the whole header). */
export async function openTable(
  file: string,
  format: 'csv' | 'jsonl' | 'parquet',
  label: string,
  needed?: readonly string[],
): Promise<TableStream> {
  if (format === 'parquet') {
    const t = await openParquet(file, label, needed);
    if (t.rows === 0) throw inputError('table-empty', `${label}: the file has no rows`, label);
    return { header: t.header, chunks: t.chunks };
  }
  return format === 'csv' ? openCsv(file, label) : openJsonl(file, label);
}

async function openCsv(file: string, label: string): Promise<TableStream> {
  const source = csvChunks(file, label);
  const first = await source.next();
  const rows = first.done ? [] : first.value;
  const header = rows.shift();
  if (!header) throw inputError('table-empty', `${label}: the file is empty (a header row is expected)`, label);
  const width = header.length;
  async function* chunks(): AsyncGenerator<unknown[][]> {
    let rowNo = 1;
    const check = (chunk: string[][]) => {
      for (const r of chunk) {
        rowNo++;
        if (r.length !== width)
          throw inputError(
            'csv-ragged',
            `${label}: row ${rowNo} has ${r.length} fields, the header has ${width}`,
            label,
          );
      }
      return chunk;
    };
    if (rows.length) yield check(rows);
    for await (const chunk of source) yield check(chunk);
  }
  return { header, chunks: chunks() };
}

async function openJsonl(file: string, label: string): Promise<TableStream> {
  const source = jsonlChunks(file, label);
  const first = await source.next();
  const firstRows = first.done ? [] : first.value;
  const head = firstRows[0];
  if (!head) throw inputError('table-empty', `${label}: the file has no records`, label);
  const header = Object.keys(head);
  const align = (objs: Record<string, unknown>[]) =>
    objs.map((o) => header.map((k) => (Object.hasOwn(o, k) ? o[k] : undefined)));
  async function* chunks(): AsyncGenerator<unknown[][]> {
    yield align(firstRows);
    for await (const objs of source) yield align(objs);
  }
  return { header, chunks: chunks() };
}
