/** @file Why a file could not be ingested, in words for the user and a code for programs. */

export type ProblemCode =
  | 'empty'
  | 'unreadable'
  | 'unsupported'
  | 'not-an-image'
  | 'corrupt'
  | 'truncated'
  | 'too-large'
  | 'no-preview'
  | 'bad-name'
  | 'crashed'
  | 'xmp-write';

/** A per-file failure: recorded in `problems`, never fatal to a scan. */
export class IngestProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestProblem';
  }

  /**
   * Turns a decoder's error into words a user can act on.
   *
   * [Note: Decoder messages]
   * libvips reports errors through one process-wide buffer, so with several photos decoding
   * at once a failure's message can carry another file's error ("VipsJpeg: …" for a PNG).
   * The reason must be about this file and the same on every run: whether the file is cut
   * short is decided from its own bytes (`input`), and libvips' detail is left out. Messages
   * sharp writes itself (pixel limit, unknown format) and other decoders' errors are per call.
   */
  static fromDecoder(error: unknown, input?: Buffer): IngestProblem {
    if (error instanceof IngestProblem) return error;
    const detail = error instanceof Error ? error.message : String(error);
    if (/pixel limit|exceeds pixel/i.test(detail)) {
      return new IngestProblem(
        'too-large',
        'The image is too large to decode safely (possible decompression bomb).',
      );
    }
    if (/unsupported image format|unknown.*format|not a known file format/i.test(detail)) {
      return new IngestProblem('unsupported', 'The image format is not supported.');
    }
    // "Unknown error" is what sharp says when another thread emptied libvips' buffer first.
    const fromVips = /vips|input (buffer|file)|^unknown error/i.test(detail);
    const own = fromVips ? '' : `: ${detail.split('\n')[0] ?? ''}`;
    const truncated = input
      ? looksTruncated(input)
      : /premature end|truncat|unexpected end|short read|end of (file|stream)|not enough data/i.test(
          detail,
        );
    if (truncated)
      return new IngestProblem(
        'truncated',
        `The file is truncated (incomplete copy or download)${own}.`,
      );
    return new IngestProblem('corrupt', `The image is damaged and cannot be decoded${own}.`);
  }
}

/** Whether a JPEG, PNG or GIF lacks the marker it must end with (a cut-off copy or download). */
export function looksTruncated(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 32));
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return !tail.includes(Buffer.from([0xff, 0xd9]));
  if (bytes.subarray(1, 4).toString('latin1') === 'PNG') return !tail.includes(Buffer.from('IEND'));
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return tail.at(-1) !== 0x3b;
  return false;
}
