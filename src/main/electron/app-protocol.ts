/**
 * @file Serves the built renderer at `app://fotoglot/` instead of `file://`, so the page has
 * a real origin, a CSP header and no access to the rest of the disk.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentSecurityPolicy } from '../content-security-policy';
import { mediaHeaders, mediaPrefix, parseMediaPath, type MediaResolver } from '../media-route';
import { appHost, appScheme } from './internal-url';

/** Must run before `app.whenReady()`. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Maps `app://fotoglot/<path>` to a file under `rendererDir`, never outside it, and
 * `app://fotoglot/media/…` to the library's thumbnails, previews and originals by photo id.
 */
export function serveRenderer(
  rendererDir: string,
  media?: MediaResolver,
  imageSources: () => readonly string[] = () => [],
): void {
  const root = path.resolve(rendererDir);
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.hostname !== appHost) return new Response('Not found', { status: 404 });
    if (url.pathname.startsWith(mediaPrefix)) {
      const parsed = parseMediaPath(url.pathname);
      const found =
        parsed && media ? await media(parsed.kind, parsed.photoId).catch(() => null) : null;
      if (!found) return new Response('Not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(found.file).toString());
      return new Response(response.body, {
        status: response.status,
        headers: mediaHeaders(found.type),
      });
    }
    const relative = decodeURIComponent(url.pathname).replace(/^[/\\]+/, '') || 'index.html';
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return new Response('Forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy([], imageSources()));
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
