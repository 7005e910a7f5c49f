/**
 * @file The preload script: exposes the contract as `window.fotoglot` and nothing else —
 * no raw `ipcRenderer`, no Node (§5.2). Runs sandboxed, so it is bundled with its imports.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, eventsChannel, type Channel } from '../shared/channel-names';
import type { Api } from '../shared/contract';
import type { AppEvent, AppEventListener } from '../shared/events';

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
