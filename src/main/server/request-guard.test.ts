import { describe, expect, it } from 'vitest';
import { FailedTokenLimiter, isAllowedHost, isAllowedOrigin, tokenMatches } from './request-guard';

const config = { token: 't', port: 4321, hostnames: [] };

describe('isAllowedHost', () => {
  it('accepts loopback names on our port only', () => {
    expect(isAllowedHost('127.0.0.1:4321', config)).toBe(true);
    expect(isAllowedHost('localhost:4321', config)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4321', config)).toBe(true);
    expect(isAllowedHost('[::1]:4321', config)).toBe(true);
    expect(isAllowedHost('127.0.0.1:4322', config)).toBe(false);
    expect(isAllowedHost('127.0.0.1', config)).toBe(false);
  });

  it('refuses rebinding names and header tricks', () => {
    for (const host of [
      'evil.example:4321',
      'localhost.evil.example:4321',
      '127.0.0.1.nip.io:4321',
      'user@127.0.0.1:4321',
      '127.0.0.1:4321/x',
      '127.0.0.1:4321?a',
      '',
      ' ',
      undefined,
    ]) {
      expect(isAllowedHost(host, config), String(host)).toBe(false);
    }
  });

  it('accepts extra configured host names', () => {
    expect(isAllowedHost('nas.local:4321', { ...config, hostnames: ['nas.local'] })).toBe(true);
  });
});

describe('isAllowedOrigin', () => {
  it('allows no origin and our own, refuses foreign and opaque ones', () => {
    expect(isAllowedOrigin(undefined, config)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4321', config)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', config)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:9999', config)).toBe(false);
    expect(isAllowedOrigin('null', config)).toBe(false);
    expect(isAllowedOrigin('file://', config)).toBe(false);
  });
});

describe('tokenMatches', () => {
  it('compares exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});

describe('FailedTokenLimiter', () => {
  it('refuses an address after ten failures within a minute, and lets it back after', () => {
    const limiter = new FailedTokenLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 9; i++) limiter.fail('10.0.0.5', t0 + i);
    expect(limiter.blocked('10.0.0.5', t0 + 10)).toBe(false);
    limiter.fail('10.0.0.5', t0 + 10);
    expect(limiter.blocked('10.0.0.5', t0 + 11)).toBe(true);
    expect(limiter.blocked('127.0.0.1', t0 + 11)).toBe(false);
    expect(limiter.blocked('10.0.0.5', t0 + 61_000)).toBe(false);
  });
});
