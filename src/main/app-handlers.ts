/**
 * @file The handler for every contract channel, written once and bound by every host
 * (see [Note: One contract, three hosts]).
 */
import type { z } from 'zod';
import { channels, type Channel, type ChannelValue } from '../shared/contract';
import type { Core } from './core';
import { appVersion } from './version';

/** One function per channel, taking the already-validated argument. */
export type Handlers = {
  [C in Channel]: (
    args: z.output<(typeof channels)[C]['args']>,
  ) => Promise<ChannelValue<C>> | ChannelValue<C>;
};

export function createHandlers(core: Core): Handlers {
  return {
    'app:info': () => ({
      version: appVersion,
      dataDir: core.home,
      platform: process.platform,
      arch: process.arch,
      database: {
        path: core.db.path,
        schemaVersion: core.db.schemaVersion,
        sqliteVersion: core.db.sqliteVersion,
        sqliteVecVersion: core.db.sqliteVecVersion,
      },
      worker: core.inference.status,
    }),
  };
}
