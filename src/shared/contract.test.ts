import { describe, expect, it } from 'vitest';
import { channelNames, channels, isChannel } from './contract';
import { fromWorkerSchema, toWorkerSchema } from './worker-protocol';

describe('contract', () => {
  it('recognises only declared channels, not inherited object keys', () => {
    expect(isChannel('app:info')).toBe(true);
    expect(isChannel('app:nope')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel('toString')).toBe(false);
  });

  it('app:info accepts nothing or an empty object and refuses stray fields', () => {
    const args = channels['app:info'].args;
    expect(args.safeParse(undefined).success).toBe(true);
    expect(args.safeParse({}).success).toBe(true);
    expect(args.safeParse({ path: '/etc/passwd' }).success).toBe(false);
    expect(args.safeParse('x').success).toBe(false);
  });
});

describe('worker protocol', () => {
  it('refuses requests of unknown type and malformed responses', () => {
    expect(
      toWorkerSchema.safeParse({ kind: 'request', id: 1, type: 'ping', payload: {} }).success,
    ).toBe(true);
    expect(
      toWorkerSchema.safeParse({ kind: 'request', id: 1, type: 'rm -rf', payload: {} }).success,
    ).toBe(false);
    const response = (result: unknown) =>
      fromWorkerSchema.safeParse({ kind: 'response', id: 1, result }).success;
    expect(response({ ok: false })).toBe(false);
    expect(response({ ok: false, error: { code: 'made-up', message: 'x' } })).toBe(false);
    expect(response({ ok: false, error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(response({ ok: true, value: { anything: 1 } })).toBe(true);
    expect(fromWorkerSchema.safeParse({ kind: 'hello', pid: 12 }).success).toBe(true);
  });
});

describe('channel list', () => {
  it('names exactly the channels the contract defines', () => {
    expect([...channelNames].sort()).toEqual(Object.keys(channels).sort());
  });
});
