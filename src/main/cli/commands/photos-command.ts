/** @file `fotoglot photos`: list the library's photos, newest first. */
import { withHandlers, type GlobalOptions } from '../open-core';
import { wholeNumber as count } from '../arguments';

export interface PhotosOptions extends GlobalOptions {
  json?: boolean;
  limit: string;
  offset: string;
}

export async function photosCommand(options: PhotosOptions): Promise<number> {
  const limit = count(options.limit, '--limit', 1);
  const offset = count(options.offset, '--offset', 0);
  return withHandlers(options, async (handlers) => {
    const { photos, total } = await handlers['photos:list']({ limit, offset });
    if (options.json) {
      const rows = photos.map((p) => ({
        id: p.id,
        path: p.path,
        capturedAt: p.capturedAt,
        width: p.width,
        height: p.height,
        camera: p.camera,
        format: p.format,
        state: p.state,
        gps: p.gps,
        keywords: p.keywords,
      }));
      process.stdout.write(`${JSON.stringify({ photos: rows, total })}\n`);
    } else {
      for (const p of photos) {
        const size = p.width && p.height ? `${String(p.width)}×${String(p.height)}` : '?';
        process.stdout.write(
          `${String(p.id).padStart(6)}  ${p.capturedAt ?? 'no date           '}  ${size.padEnd(11)} ${p.path ?? '(missing)'}\n`,
        );
      }
      process.stdout.write(`${String(photos.length)} of ${String(total)} photos\n`);
    }
    return 0;
  });
}
