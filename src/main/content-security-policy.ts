/** @file The Content-Security-Policy of the UI, for both the desktop window and the headless server. */

/**
 * No inline script or style, no remote origin: the renderer runs only the bundle we built.
 * @param connectSources extra `connect-src` entries (the server's WebSocket URL).
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
