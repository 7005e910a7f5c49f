/**
 * @file What counts as the app's own page. Pure (no `electron` import) so it can be unit
 * tested with hostile inputs; the security module uses it for navigation and IPC sender checks.
 */

/** The custom scheme and host the renderer is served from (see app-protocol.ts). */
export const appScheme = 'app';
export const appHost = 'fotoglot';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** True only for a well-formed URL on our scheme and host, compared after parsing. */
export function isInternalUrl(raw: string | undefined | null): boolean {
  if (typeof raw !== 'string' || raw.length > 8192) return false;
  // The URL parser silently strips whitespace and control characters; a real URL has none.
  if (/[\s\p{Cc}]/u.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === `${appScheme}:` &&
    url.hostname === appHost &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * Links the UI may open in the user's browser (only on click): the map of a photo's place.
 * Everything else a page tries to open is refused.
 */
export function isAllowedExternalLink(raw: string | undefined | null): boolean {
  if (typeof raw !== 'string' || raw.length > 2048 || /[\s\p{Cc}]/u.test(raw)) return false;
  try {
    const url = new URL(raw);
    return (
      url.protocol === 'https:' &&
      url.hostname === 'www.openstreetmap.org' &&
      url.port === '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}
