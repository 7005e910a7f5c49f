import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter';

describe('Emitter', () => {
  it('delivers to every listener and stops after unsubscribe', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const off = emitter.on((n) => seen.push(n));
    emitter.on((n) => seen.push(n * 10));
    emitter.emit(1);
    off();
    emitter.emit(2);
    expect(seen).toEqual([1, 10, 20]);
  });

  it('runs all listeners even when one throws, then reports the error', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    emitter.on(() => {
      throw new Error('boom');
    });
    emitter.on((s) => seen.push(s));
    expect(() => {
      emitter.emit('x');
    }).toThrow('boom');
    expect(seen).toEqual(['x']);
  });
});
