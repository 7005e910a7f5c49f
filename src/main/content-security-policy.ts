/** @file The Content-Security-Policy of the UI, for both the desktop window and the headless server. */

/**
 * No inline script or style, no remote origin: the renderer runs only the bundle we built.
 * @param connectSources extra `connect-src` entries (the server's WebSocket URL).
 * @param imageSources extra `img-src` origins: the map tile server, only while the user has
 *   online map tiles on ([Note: Online map tiles]); none otherwise.
 */
export function contentSecurityPolicy(
  connectSources: readonly string[] = [],
  imageSources: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data: blob:", ...imageSources].join(' '),
    ["connect-src 'self'", ...connectSources].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
