/**
 * The Electron binary is absent here, so these tests hand the security module stand-ins for
 * Electron's objects (the one edge we fake) and check what it does with real events.
 */
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security';

describe('secureWebPreferences', () => {
  it('sandboxes the renderer, isolates the context and grants no Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    type RequestHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
    const handlers: { request?: RequestHandler; check?: () => boolean } = {};
    const session = {
      setPermissionRequestHandler: (h: RequestHandler) => (handlers.request = h),
      setPermissionCheckHandler: (h: () => boolean) => (handlers.check = h),
    } as unknown as Session;
    hardenSession(session);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
    ]) {
      const answers: boolean[] = [];
      handlers.request?.(null, permission, (ok) => answers.push(ok));
      expect(answers, permission).toEqual([false]);
    }
    expect(handlers.check?.()).toBe(false);
  });
});

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  reloads = 0;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return false;
  }
  reload() {
    this.reloads++;
  }
}

function navigate(contents: FakeWebContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('hardenWebContents', () => {
  it('keeps navigation inside the app and denies new windows', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
    expect(navigate(contents, 'will-navigate', 'app://fotoglot/index.html')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'app://fotoglot/index.html' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({
      action: 'deny',
    });
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });

  it('opens only allowed links (the map) in the browser, never in a window', () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(contents as unknown as WebContents, (url) => opened.push(url));
    const map = 'https://www.openstreetmap.org/?mlat=48.1&mlon=11.5#map=15/48.1/11.5';
    expect(contents.windowOpenHandler?.({ url: map })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual([map]);
  });

  it('reloads a renderer that crashed, but not one that exited cleanly', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(contents.reloads).toBe(1);
  });
});
