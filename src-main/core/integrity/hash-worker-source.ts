/**
 * The hashing worker, as a CommonJS source string run with `new Worker(src, { eval: true })`: no build
 * path to resolve in the app, the CLI or tests. Two modes:
 * - `file`: read a file (O_NOFOLLOW) in large chunks, hash it, optionally copy it to `dst` (bytes read once);
 * - `begin`/`chunk`/`end`: bytes streamed in from the main thread (zip entries), hashed, CRC-32 checked
 *   and optionally written to `dst`. Each chunk is acknowledged so the sender can apply backpressure.
 * A shared flag cancels a file in progress; partial outputs are deleted. Chunk buffers go back to the
 * sender with each acknowledgement, to be reused.
 */
export const HASH_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const abortFlag = new Int32Array(workerData.abort);
const CHUNK = workerData.chunk;
const REPORT = 8 * 1024 * 1024;
const sessions = new Map();
let buf = null;

const makeHashes = (algs) => algs.map((a) => [a, crypto.createHash(a)]);
const finish = (hs) => { const o = {}; for (const [a, h] of hs) o[a] = h.digest('hex'); return o; };
const writeAll = (fd, b) => { let off = 0; while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off); };
const fail = (id, e) => parentPort.postMessage({ type: 'error', id, message: String((e && e.message) || e), code: e && e.code });
const drop = (fd, dst) => { if (fd >= 0) { try { fs.closeSync(fd); } catch {} } if (dst) { try { fs.unlinkSync(dst); } catch {} } };

function hashFile(m) {
  let fd = -1, out = -1;
  try {
    fd = fs.openSync(m.src, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file: ' + m.src), { code: 'ENOTREG' });
    if (m.dst) out = fs.openSync(m.dst, 'wx', 0o600);
    const hs = makeHashes(m.algorithms);
    if (!buf) buf = Buffer.allocUnsafeSlow(CHUNK);
    let size = 0, pending = 0;
    for (;;) {
      if (Atomics.load(abortFlag, 0)) throw Object.assign(new Error('cancelled'), { code: 'ECANCELLED' });
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      const b = n === CHUNK ? buf : buf.subarray(0, n);
      for (const [, h] of hs) h.update(b);
      if (out >= 0) writeAll(out, b);
      size += n; pending += n;
      if (pending >= REPORT) { parentPort.postMessage({ type: 'progress', id: m.id, bytes: pending }); pending = 0; }
    }
    if (out >= 0) { fs.closeSync(out); out = -1; }
    if (pending) parentPort.postMessage({ type: 'progress', id: m.id, bytes: pending });
    parentPort.postMessage({ type: 'done', id: m.id, size, digests: finish(hs) });
  } catch (e) {
    drop(out, out >= 0 ? m.dst : null); out = -1;
    fail(m.id, e);
  } finally {
    if (fd >= 0) { try { fs.closeSync(fd); } catch {} }
  }
}

parentPort.on('message', (m) => {
  if (m.type === 'file') return hashFile(m);
  if (m.type === 'begin') {
    try {
      const fd = m.dst ? fs.openSync(m.dst, 'wx', 0o600) : -1;
      sessions.set(m.id, { hs: makeHashes(m.algorithms), crc: 0, size: 0, fd, dst: m.dst, failed: false });
    } catch (e) { sessions.set(m.id, { failed: true }); fail(m.id, e); }
    return;
  }
  const s = sessions.get(m.id);
  if (m.type === 'chunk') {
    const b = Buffer.from(m.data, 0, m.length);
    if (s && !s.failed) {
      try {
        if (Atomics.load(abortFlag, 0)) throw Object.assign(new Error('cancelled'), { code: 'ECANCELLED' });
        for (const [, h] of s.hs) h.update(b);
        s.crc = zlib.crc32(b, s.crc);
        if (s.fd >= 0) writeAll(s.fd, b);
        s.size += b.length;
      } catch (e) { s.failed = true; drop(s.fd, s.dst); s.fd = -1; fail(m.id, e); }
    }
    // Hand the buffer back for reuse: memory stays bounded without waiting for a GC in either thread.
    parentPort.postMessage({ type: 'ack', id: m.id, bytes: m.length, data: m.data }, [m.data]);
    return;
  }
  if (m.type === 'end') {
    sessions.delete(m.id);
    if (!s || s.failed) return;
    try {
      if (s.fd >= 0) fs.closeSync(s.fd);
      parentPort.postMessage({ type: 'done', id: m.id, size: s.size, digests: finish(s.hs), crc32: s.crc >>> 0 });
    } catch (e) { drop(-1, s.dst); fail(m.id, e); }
    return;
  }
  if (m.type === 'discard') {
    sessions.delete(m.id);
    if (s && !s.failed) drop(s.fd, s.dst);
    parentPort.postMessage({ type: 'discarded', id: m.id });
  }
});
`;
