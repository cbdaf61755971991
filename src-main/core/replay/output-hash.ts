import { createHash, type Hash } from 'node:crypto';

/**
 * SHA-256 of the model's output as float32 little-endian bytes, fed row by row in data order, so the hash
 * does not depend on the batch size and two replays of the same bundle agree (THREATS 15).
 */
export class OutputHasher {
  private readonly hash: Hash = createHash('sha256');
  private readonly littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

  add(values: ArrayLike<number>): void {
    const f32 = values instanceof Float32Array ? values : Float32Array.from(values);
    if (this.littleEndian) {
      this.hash.update(new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength));
      return;
    }
    const bytes = new DataView(new ArrayBuffer(f32.byteLength));
    for (let i = 0; i < f32.length; i++) bytes.setFloat32(4 * i, f32[i]!, true);
    this.hash.update(new Uint8Array(bytes.buffer));
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
