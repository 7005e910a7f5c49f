/**
 * @file A photo's content fingerprint.
 *
 * [Note: Photo identity]
 * A photo is identified by a fingerprint of its content, not its path, so renames and moves
 * keep its id, tags and embeddings. Hashing whole files would read every byte of a 50,000
 * photo library at each change; instead we hash the size plus three 64 KiB samples (start,
 * middle, end) with SHA-256. Start and end hold the headers and the last scan lines, which
 * change with any edit, re-encode or metadata write; two different photos that agree on all
 * three samples and on the size do not occur in practice. A file whose content changes in
 * place keeps its photo id (the path tells us it is the same photo) and is re-processed.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const sample = 64 * 1024;

/** Fingerprint of an open file of `size` bytes (hex, 32 chars). */
export async function fingerprintFile(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`fotoglot-fp1:${String(size)}:`);
  const offsets = size <= 3 * sample ? [0] : [0, Math.floor(size / 2 - sample / 2), size - sample];
  const length = size <= 3 * sample ? size : sample;
  const buffer = Buffer.alloc(length);
  for (const offset of offsets) {
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    hash.update(buffer.subarray(0, bytesRead));
  }
  return hash.digest('hex').slice(0, 32);
}
