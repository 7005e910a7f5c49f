/** @file Calls a contract channel and returns its value, or throws the core's error (code and message). */
import type { Channel, ChannelArgs, ChannelValue } from '../../shared/contract';
import type { AppError, ErrorCode } from '../../shared/result';
import { api } from './api';

/** A failed call: the core's `{ code, message }`, thrown so components can await calls. */
export class ApiError extends Error implements AppError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The `{ code, message }` of anything a call or an action threw (`internal` when not a core error). */
export function toAppError(error: unknown): AppError {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export async function call<C extends Channel>(
  channel: C,
  args?: ChannelArgs<C>,
): Promise<ChannelValue<C>> {
  const invoke = api[channel] as (a?: ChannelArgs<C>) => ReturnType<(typeof api)[C]>;
  const result = await invoke(args);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value as ChannelValue<C>;
}

/** The URL of a photo's grid thumbnail or 1600 px preview, on either host. */
export const mediaUrl = (kind: 'thumb' | 'preview' | 'original', photoId: number) =>
  `${window.location.protocol === 'app:' ? 'app://fotoglot' : ''}/media/${kind}/${String(photoId)}`;
