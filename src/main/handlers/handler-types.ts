/**
 * @file The shape of the handlers every host binds (see [Note: One contract, three hosts]),
 * and what a host lends them: the desktop's shell actions, which the server lacks.
 */
import type { z } from 'zod';
import type { Channel, ChannelValue, channels } from '../../shared/contract';

/** One function per channel, taking the already-validated argument. */
export type Handlers = {
  [C in Channel]: (
    args: z.output<(typeof channels)[C]['args']>,
  ) => Promise<ChannelValue<C>> | ChannelValue<C>;
};

/**
 * The handlers of one domain: exactly the channels named `<domain>:…`, so each channel has
 * one home and the type checker refuses a handler filed under the wrong domain.
 */
export type DomainHandlers<D extends string> = Pick<Handlers, Extract<Channel, `${D}:${string}`>>;

/**
 * What only the desktop host can do with files (Electron's shell); the headless server,
 * possibly opened from another machine, has none of it.
 */
export interface HostActions {
  kind: 'desktop' | 'server';
  reveal?: (file: string) => void;
  openWithDefault?: (file: string) => Promise<void>;
  trash?: (file: string) => Promise<void>;
  /** The OS folder picker; resolves null when the user cancels. */
  pickFolder?: () => Promise<string | null>;
}
