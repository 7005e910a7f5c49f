/**
 * @file The preload script: exposes the contract as `window.fotoglot`, and as
 * `window.fotoglotHost` the one thing only the desktop can do in the page (the path of a
 * dropped folder) — no raw `ipcRenderer`, no Node (§5.2). Runs sandboxed, so it is bundled
 * with its imports.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { channelNames, eventsChannel, type Channel } from '../shared/channel-names';
import type { Api } from '../shared/contract';
import type { AppEvent, AppEventListener } from '../shared/events';
import type { DesktopHost } from '../shared/desktop-host';

const invokers = Object.fromEntries(
  channelNames.map((channel) => [channel, (args?: unknown) => ipcRenderer.invoke(channel, args)]),
) as Pick<Api, Channel>;

const api = {
  ...invokers,
  [eventsChannel]: (listener: AppEventListener) => {
    const relay = (_event: IpcRendererEvent, payload: AppEvent) => {
      listener(payload);
    };
    ipcRenderer.on(eventsChannel, relay);
    return () => {
      ipcRenderer.removeListener(eventsChannel, relay);
    };
  },
} satisfies Api;

contextBridge.exposeInMainWorld('fotoglot', api);

const host: DesktopHost<File> = {
  // Sandboxed pages see no file paths (File.path is gone since Electron 32); the user dropped
  // this one, and the core still checks that it is a folder before adding it.
  pathForFile: (file) => webUtils.getPathForFile(file),
};
contextBridge.exposeInMainWorld('fotoglotHost', host);
