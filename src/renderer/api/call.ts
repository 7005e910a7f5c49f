/** @file Calls a contract channel and returns its value, or throws the core's message. */
import type { Channel, ChannelArgs, ChannelValue } from '../../shared/contract';
import { api } from './api';

export class ApiError extends Error {}

export async function call<C extends Channel>(
  channel: C,
  args?: ChannelArgs<C>,
): Promise<ChannelValue<C>> {
  const invoke = api[channel] as (a?: ChannelArgs<C>) => ReturnType<(typeof api)[C]>;
  const result = await invoke(args);
  if (!result.ok) throw new ApiError(result.error.message);
  return result.value as ChannelValue<C>;
}

/** The URL of a photo's grid thumbnail or 1600 px preview, on either host. */
export const mediaUrl = (kind: 'thumb' | 'preview' | 'original', photoId: number) =>
  `${window.location.protocol === 'app:' ? 'app://fotoglot' : ''}/media/${kind}/${String(photoId)}`;
