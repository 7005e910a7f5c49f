/** The preload against a stand-in `electron` module (the binary is absent here). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, eventsChannel, type Api } from '../shared/contract';
import type { AppEvent } from '../shared/events';

const exposed = new Map<string, unknown>();
const invoked: [string, unknown][] = [];
const rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();

vi.mock('electron', () => ({
  webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => {
      invoked.push([channel, args]);
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      rendererListeners.get(channel)?.delete(listener);
    },
  },
}));

beforeEach(async () => {
  vi.resetModules();
  exposed.clear();
  await import('./preload');
});

describe('preload', () => {
  it('exposes exactly the contract as window.fotoglot, and no raw ipcRenderer', () => {
    expect([...exposed.keys()]).toEqual(['fotoglot', 'fotoglotHost']);
    const api = exposed.get('fotoglot') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelNames, eventsChannel].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('gives the page the path of a dropped file through webUtils, and nothing else', () => {
    const host = exposed.get('fotoglotHost') as Record<string, (file: unknown) => unknown>;
    expect(Object.keys(host)).toEqual(['pathForFile']);
    expect(host.pathForFile?.({ name: 'Holiday 2019' })).toBe('/dropped/Holiday 2019');
  });

  it('forwards calls over invoke and events to subscribers until they unsubscribe', async () => {
    const api = exposed.get('fotoglot') as Api;
    expect(await api['app:info']()).toEqual({ ok: true, value: 'app:info' });
    expect(invoked.at(-1)).toEqual(['app:info', undefined]);

    const seen: AppEvent[] = [];
    const off = api[eventsChannel]((event) => seen.push(event));
    const event = {
      type: 'job:progress',
      job: 'scan',
      done: 1,
      total: 2,
      rate: 1,
      etaSeconds: 1,
    } as const;
    for (const listener of rendererListeners.get(eventsChannel) ?? []) listener({}, event);
    off();
    expect(rendererListeners.get(eventsChannel)?.size).toBe(0);
    expect(seen).toEqual([event]);
  });
});
