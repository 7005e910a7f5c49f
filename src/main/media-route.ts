/**
 * @file The one way pixels reach the UI: `/media/thumb|preview|original/<photoId>` on either
 * host (the headless server, Electron's app:// protocol). Only ids the library knows
 * resolve: to files the library made, or to the photo's own file (originals, for zooming
 * past the preview, in formats browsers show; others get the preview). No path ever comes
 * from the client.
 */

export type MediaKind = 'thumb' | 'preview' | 'original';

/** The file to send and its content type. */
export interface MediaFile {
  file: string;
  type: string;
}

/** Resolves a photo id to the file to send, or null when there is none. */
export type MediaResolver = (kind: MediaKind, photoId: number) => Promise<MediaFile | null>;

export const mediaPrefix = '/media/';

/** Parses `/media/<kind>/<id>`; null for anything else (including traversal attempts). */
export function parseMediaPath(pathname: string): { kind: MediaKind; photoId: number } | null {
  const m = /^\/media\/(thumb|preview|original)\/([1-9]\d{0,15})$/.exec(pathname);
  if (!m?.[1] || !m[2]) return null;
  const photoId = Number(m[2]);
  return Number.isSafeInteger(photoId) ? { kind: m[1] as MediaKind, photoId } : null;
}

/** Thumbnails and previews are WebP; a photo's media change only when its pixels do. */
export const mediaHeaders = (type: string) =>
  ({
    'Content-Type': type,
    'Cache-Control': 'private, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  }) as const;

/** Photo formats a browser shows as they are, by their content type. */
export const browserTypes: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};
