/**
 * The first look's rule ([Note: First look]) on the measures the detector gave for a rendered
 * Arabic sign, a starfish's skin, a watermark and a plain sky (../shared/data, 2026-12-03).
 */
import { describe, expect, it } from 'vitest';
import { needsLineReads, passesFirstLook } from './text-first-look';

const look = (share: number, lineShare: number, signLine: number, confidence = 0) => ({
  share,
  regions: 2,
  confidence,
  lineShare,
  signLine,
});

describe('the first look', () => {
  it('passes a sign of two large sure lines however PP-OCR reads them, without reading', () => {
    const arabic = look(0.047, 0.155, 0.083, 0.54);
    expect(passesFirstLook(arabic)).toBe(true);
    expect(needsLineReads(arabic)).toBe(false);
  });

  it('lets much text-like area through only when it forms lines', () => {
    expect(passesFirstLook(look(0.15, 0, 0))).toBe(false);
    expect(passesFirstLook(look(0.15, 0.3, 0.04))).toBe(true);
  });

  it('reads lines when only a confident word can decide', () => {
    const watermark = look(0.0052, 0.022, 0, 0.95);
    expect(needsLineReads(watermark)).toBe(true);
    expect(passesFirstLook(watermark)).toBe(true);
    expect(passesFirstLook({ ...watermark, confidence: 0.5 })).toBe(false);
    expect(needsLineReads(look(0.001, 0, 0))).toBe(false);
    expect(passesFirstLook(look(0, 0, 0, 0))).toBe(false);
  });
});
