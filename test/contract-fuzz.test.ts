/**
 * Every channel of the contract, called through the same dispatch the hosts use, with
 * random and hostile payloads against a real core: wrong types, huge strings, path
 * traversal, prototype-pollution keys, deep nesting. Nothing may crash or escape: each
 * call answers a Result, never an internal error, the prototype stays clean and nothing is
 * written outside the data folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../src/main/app-handlers';
import { dispatch } from '../src/main/dispatch';
import { channelNames } from '../src/shared/contract';
import { colours, openTestCore, writeColourPhoto, type TestCore } from './helpers/test-core';

let t: TestCore;
let handlers: Handlers;
const tmpBefore = new Set(readdirSync(os.tmpdir()));

let seed = 1234;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const hostileStrings = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..\\..\\windows\\system32',
  '/etc/shadow',
  'C:\\Windows\\win.ini',
  'file:///etc/passwd',
  '\u0000',
  '%2e%2e%2f%2e%2e%2fetc',
  '<script>alert(1)</script>',
  "'; DROP TABLE photos; --",
  'tag:"unterminated',
  'camera:' + 'x'.repeat(600),
  '🦄'.repeat(300),
  'a'.repeat(1_000_000),
  '__proto__',
  'constructor',
  'test-tiny',
  '2019年8月',
];

function hostileValue(depth = 0): unknown {
  const kinds = [
    () => pick(hostileStrings),
    () => pick([0, -1, 1, 1.5, -0, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, 1e308]),
    () => pick([true, false, null]),
    () => [],
    () => Array.from({ length: 3 }, () => hostileValue(depth + 1)),
    () =>
      JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      ) as unknown,
    () =>
      Object.fromEntries([
        ['id', hostileValue(depth + 1)],
        ['path', pick(hostileStrings)],
        ['query', pick(hostileStrings)],
      ]),
    () => {
      let nested: unknown = 'deep';
      for (let i = 0; i < 2000; i++) nested = [nested];
      return nested;
    },
  ];
  return depth > 2 ? pick(hostileStrings) : pick(kinds)();
}

/** Payloads shaped like the real ones, with hostile values in their fields. */
function hostilePayload(): unknown {
  const keys = [
    'id',
    'ids',
    'path',
    'query',
    'chips',
    'limit',
    'offset',
    'photo',
    'photoId',
    'name',
    'text',
    'photoIds',
    'lang',
    'from',
    'to',
    'dir',
    'mirror',
    'accept',
    'language',
    'threads',
    'provider',
    'watch',
    'all',
  ];
  if (random() < 0.3) return hostileValue();
  return Object.fromEntries(
    Array.from({ length: 1 + Math.floor(random() * 4) }, () => [pick(keys), hostileValue(1)]),
  );
}

beforeAll(async () => {
  t = openTestCore();
  for (let i = 0; i < 3; i++)
    await writeColourPhoto(path.join(t.photos, `p${String(i)}.jpg`), colours.red, i);
  await t.core.library.index([t.photos], false);
  handlers = createHandlers(t.core);
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('contract fuzzing', () => {
  it('answers every channel with a Result for 40 hostile payloads each', async () => {
    const internal: string[] = [];
    for (const channel of channelNames) {
      if (channel === 'models:install') continue; // would try the network with a valid id: tested against a local mirror elsewhere
      for (let i = 0; i < 40; i++) {
        const payload = hostilePayload();
        const result = await dispatch(handlers, channel, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok && result.error.code === 'internal')
          internal.push(`${channel}: ${result.error.message.slice(0, 200)}`);
      }
    }
    expect(internal).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 120_000);

  it('wrote nothing outside the data folder', () => {
    // Other processes use the temp folder too: look for names only the payloads could make.
    const created = readdirSync(os.tmpdir()).filter(
      (f) => !tmpBefore.has(f) && /passwd|shadow|win\.ini|script|DROP|proto|🦄/u.test(f),
    );
    expect(created).toEqual([]);
    expect(existsSync('/etc/passwd.xmp')).toBe(false);
    // The library still works after the storm.
    expect(t.core.library.photos(10, 0).total).toBe(3);
  });
});
