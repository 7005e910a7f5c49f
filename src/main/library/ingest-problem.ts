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

  /** Turns a decoder's error into words a user can act on. */
  static fromDecoder(error: unknown): IngestProblem {
    if (error instanceof IngestProblem) return error;
    const detail = error instanceof Error ? error.message : String(error);
    if (/pixel limit|exceeds pixel/i.test(detail)) {
      return new IngestProblem(
        'too-large',
        'The image is too large to decode safely (possible decompression bomb).',
      );
    }
    if (
      /premature end|truncat|unexpected end|short read|end of (file|stream)|not enough data/i.test(
        detail,
      )
    ) {
      return new IngestProblem(
        'truncated',
        `The file is truncated (incomplete copy or download): ${detail.split('\n')[0] ?? ''}`,
      );
    }
    if (/unsupported image format|unknown.*format|not a known file format/i.test(detail)) {
      return new IngestProblem('unsupported', 'The image format is not supported.');
    }
    return new IngestProblem(
      'corrupt',
      `The image is damaged and cannot be decoded: ${detail.split('\n')[0] ?? ''}`,
    );
  }
}
