/** IPC binding with a stand-in for Electron's ipcMain (the binary is absent here). */
import type { IpcMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../../shared/contract';
import type { Handlers } from '../app-handlers';
import { handleAll } from './ipc';

type Listener = (event: { senderFrame: { url: string } | null }, args: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipc = {
    handle: (channel: string, listener: Listener) => listeners.set(channel, listener),
    removeHandler: (channel: string) => listeners.delete(channel),
  };
  return { ipc: ipc as unknown as IpcMain, listeners };
}

const handlers = {
  'app:info': () => ({ version: 'test' }),
} as unknown as Handlers;

describe('handleAll', () => {
  it('binds every channel of the contract and unbinds them all', () => {
    const { ipc, listeners } = fakeIpcMain();
    const dispose = handleAll(ipc, handlers);
    expect([...listeners.keys()].sort()).toEqual([...channelNames].sort());
    dispose();
    expect(listeners.size).toBe(0);
  });

  it('answers our own page, refuses other senders, and validates arguments', async () => {
    const { ipc, listeners } = fakeIpcMain();
    handleAll(ipc, handlers);
    const info = listeners.get('app:info');
    expect(await info?.({ senderFrame: { url: 'app://fotoglot/index.html' } }, {})).toEqual({
      ok: true,
      value: { version: 'test' },
    });
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///x.html' }, null]) {
      expect(await info?.({ senderFrame }, {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(
      await info?.(
        { senderFrame: { url: 'app://fotoglot/index.html' } },
        { __proto__: { polluted: true }, x: 1 },
      ),
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
