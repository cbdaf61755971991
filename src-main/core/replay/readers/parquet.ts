import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { inputError } from '../replay-error';

/**
 * Parquet through hyparquet (pure JavaScript; snappy built in, gzip, brotli, zstd and lz4 from
 * hyparquet-compressors), streamed one row group at a time so memory is bounded by the largest row group, not the
 * file. Only the columns the replay needs are decoded. Values come as JavaScript values: numbers, bigint for INT64,
 * strings, booleans, null.
 */

export interface ParquetTable {
  header: string[]; // every top-level column, in schema order
  rowGroups: number;
  rows: number;
  chunks: AsyncGenerator<unknown[][]>; // one chunk per row group; each row aligned to header (unread columns undefined)
}

export async function openParquet(file: string, label: string, needed?: readonly string[]): Promise<ParquetTable> {
  let metadata: FileMetaData;
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw inputError('parquet-invalid', `${label}: not a readable Parquet file: ${(e as Error).message}`, label);
  }
  const schema = parquetSchema(metadata);
  const header = schema.children.map((c) => c.element.name);
  const nested = schema.children.filter((c) => c.children.length > 0).map((c) => c.element.name);
  const wanted = (needed ?? header).filter((c) => header.includes(c));
  const nestedWanted = wanted.filter((c) => nested.includes(c));
  if (nestedWanted.length > 0) {
    throw inputError(
      'parquet-unsupported',
      `${label}: column${nestedWanted.length > 1 ? 's' : ''} ${nestedWanted.map((c) => `"${c}"`).join(', ')} ${nestedWanted.length > 1 ? 'are' : 'is'} nested (list, map or struct); replay reads flat columns`,
      label,
    );
  }
  const at = wanted.map((c) => header.indexOf(c));
  const file_ = buffer;
  async function* chunks(): AsyncGenerator<unknown[][]> {
    let start = 0;
    for (const group of metadata.row_groups) {
      const end = start + Number(group.num_rows);
      let decoded: unknown[][] = [];
      try {
        await parquetRead({
          file: file_,
          metadata,
          columns: wanted,
          rowStart: start,
          rowEnd: end,
          compressors,
          rowFormat: 'array',
          onComplete: (rows: unknown[][]) => (decoded = rows),
        });
      } catch (e) {
        throw inputError(
          'parquet-invalid',
          `${label}: rows ${start + 1}-${end} could not be read: ${(e as Error).message}`,
          label,
        );
      }
      const rows = new Array<unknown[]>(decoded.length);
      for (let r = 0; r < decoded.length; r++) {
        const src = decoded[r]!;
        const row = new Array<unknown>(header.length);
        for (let j = 0; j < at.length; j++) row[at[j]!] = src[j];
        rows[r] = row;
      }
      start = end;
      if (rows.length > 0) yield rows;
    }
  }
  return { header, rowGroups: metadata.row_groups.length, rows: Number(metadata.num_rows), chunks: chunks() };
}
