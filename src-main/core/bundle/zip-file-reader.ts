import { close, createReadStream, fstat, open, read } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/**
 * A zip file for yauzl read in 1 MiB pieces. yauzl's own file reader reads 16 KiB at a time: 65,536 reads, thread
 * pool round trips and stream chunks per GiB of payload, which kept a 1 GiB import's main thread busy for seconds.
 * One descriptor for the whole archive (positional reads, so entries may stream side by side), closed when yauzl
 * lets go of it (the zip file closed and every entry stream ended).
 */
const PIECE = 1024 * 1024;

const keepOpen = { open, read, close: (_fd: number, callback: (err: null) => void) => callback(null) };

class FileReader extends yauzl.RandomAccessReader {
  constructor(private readonly fd: number) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // A stream destroyed midway (yauzl does so at the end of each entry) closes its descriptor even with autoClose
    // off; the archive's descriptor is shared, so each stream is given a close that leaves it open.
    return createReadStream('', { fd: this.fd, start, end: end - 1, highWaterMark: PIECE, fs: keepOpen });
  }

  // yauzl reads headers and the central directory through this; it checks the count for a short read (EOF).
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    read(this.fd, buffer, offset, length, position, callback as (err: Error | null, bytesRead: number) => void);
  }

  override close(callback: (err: Error | null) => void): void {
    close(this.fd, callback);
  }
}

/** yauzl's `open`, with the file read through FileReader. */
export function openZipFile(file: string, options: yauzl.Options): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (err, fd) => {
      if (err) return reject(err);
      fstat(fd, (statErr, stats) => {
        if (statErr) return close(fd, () => reject(statErr));
        const reader = new FileReader(fd);
        yauzl.fromRandomAccessReader(reader, stats.size, options, (zipErr, zip) => {
          if (zipErr || !zip) return close(fd, () => reject(zipErr ?? new Error('cannot open')));
          resolve(zip);
        });
      });
    });
  });
}
