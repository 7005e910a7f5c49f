/**
 * @file Binds the contract to `ipcMain.handle` (see [Note: One contract, three hosts]):
 * every call is checked for its sender and validated before it reaches a handler.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, type Channel } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import type { Handlers } from '../app-handlers';
import { dispatch } from '../dispatch';
import { isInternalUrl } from './internal-url';

/** Registers one channel; only our own page may call it. Returns the unregister function. */
export function handle(ipcMain: IpcMain, channel: Channel, handlers: Handlers): () => void {
  ipcMain.handle(
    channel,
    (event: IpcMainInvokeEvent, rawArgs: unknown): Promise<Result<unknown>> => {
      if (!isInternalUrl(event.senderFrame?.url)) {
        return Promise.resolve(
          fail('forbidden', 'Calls are accepted only from the Fotoglot window.'),
        );
      }
      return dispatch(handlers, channel, rawArgs);
    },
  );
  return () => {
    ipcMain.removeHandler(channel);
  };
}

/** Registers every channel of the contract. */
export function handleAll(ipcMain: IpcMain, handlers: Handlers): () => void {
  const removers = channelNames.map((channel) => handle(ipcMain, channel, handlers));
  return () => {
    for (const remove of removers) remove();
  };
}
