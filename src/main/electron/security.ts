/**
 * @file Every Electron security default in one place (§5.6): locked-down webPreferences,
 * a deny-all permission policy, and navigation / new-window / webview guards.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { isAllowedExternalLink, isInternalUrl } from './internal-url';

/** webPreferences for every window: the renderer gets the contract and nothing else. */
export function secureWebPreferences(preloadScript: string): WebPreferences {
  return {
    preload: preloadScript,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/** The app needs no camera, microphone, geolocation, notifications from the page…: deny all. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/**
 * Guards applied to every web contents the app creates. `openExternal` (Electron's
 * shell.openExternal) receives the only links allowed out: see isAllowedExternalLink.
 */
export function hardenWebContents(
  contents: WebContents,
  openExternal: (url: string) => void = () => undefined,
): void {
  // No window ever opens inside the app; the one kind of link out (a map) goes to the browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isInternalUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isInternalUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[electron] renderer gone: ${details.reason} (exit ${String(details.exitCode)})`);
    if (details.reason !== 'clean-exit' && !contents.isDestroyed()) contents.reload();
  });
}
