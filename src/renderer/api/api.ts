/**
 * @file The renderer's only door to the core: the preload's `window.fotoglot` in the desktop
 * app, the web client shim in a browser. Both implement the same `Api`.
 */
import type { Api } from '../../shared/contract';
import { createWebClient } from './web-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    fotoglot?: Api;
  }
}

// Outside Electron the shim takes the preload's place, so the app only ever talks to window.fotoglot.
window.fotoglot ??= createWebClient();

export const api: Api = window.fotoglot;
