/**
 * @file The single entry through which every host invokes a handler: validates the raw
 * argument with the channel's zod schema and turns every outcome into a `Result`
 * (see [Note: Results, not exceptions, across boundaries]).
 */
import { channels, isChannel, type Channel, type ChannelValue } from '../shared/contract';
import { AppFailure, fail, ok, type Result } from '../shared/result';
import type { Handlers } from './app-handlers';

/** Invokes `channel` with an untrusted argument from outside the process. */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawArgs: unknown,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('not-found', `Unknown channel "${channel.slice(0, 100)}".`);
  const parsed = channels[channel].args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
    return fail(
      'invalid-argument',
      `Invalid argument for ${channel}${where}: ${issue?.message ?? 'not accepted'}.`,
    );
  }
  try {
    // TypeScript cannot correlate a union of channels with a union of handlers; the schema lookup above guarantees it.
    const handler = handlers[channel] as (
      args: unknown,
    ) => Promise<ChannelValue<Channel>> | ChannelValue<Channel>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof AppFailure) return fail(error.code, error.message);
    console.error(`[core] ${channel} failed:`, error);
    return fail(
      'internal',
      `${channel} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
