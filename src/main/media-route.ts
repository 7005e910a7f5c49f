/**
 * @file The one way pixels reach the UI: `/media/thumb/<photoId>` and `/media/preview/<photoId>`
 * on either host (the headless server, Electron's app:// protocol). Only ids the library
 * knows resolve, to files the library made; no path ever comes from the client.
 */

export type MediaKind = 'thumb' | 'preview';

/** Resolves a photo id to the file to send, or null when there is none. */
export type MediaResolver = (kind: MediaKind, photoId: number) => Promise<string | null>;

export const mediaPrefix = '/media/';

/** Parses `/media/<kind>/<id>`; null for anything else (including traversal attempts). */
export function parseMediaPath(pathname: string): { kind: MediaKind; photoId: number } | null {
  const m = /^\/media\/(thumb|preview)\/([1-9]\d{0,15})$/.exec(pathname);
  if (!m?.[1] || !m[2]) return null;
  const photoId = Number(m[2]);
  return Number.isSafeInteger(photoId) ? { kind: m[1] as MediaKind, photoId } : null;
}

/** Thumbnails and previews are WebP; they change only when the photo's pixels do. */
export const mediaHeaders = {
  'Content-Type': 'image/webp',
  'Cache-Control': 'private, max-age=300',
  'X-Content-Type-Options': 'nosniff',
} as const;
