import { describe, expect, it } from 'vitest';
import { relevantCount } from './relevance';

const noise = (n: number, centre: number, spread: number) =>
  Array.from({ length: n }, (_, i) => centre + spread * Math.sin(i * 12.9898) * 0.5);
const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);

describe('relevantCount', () => {
  it('cuts at a clear gap', () => {
    const ranked = desc([0.92, 0.9, 0.89, ...noise(40, 0.05, 0.04)]);
    expect(relevantCount({ ranked, background: ranked })).toBe(3);
  });

  it('keeps the stand-outs over a library-wide background when there is no single gap', () => {
    // SigLIP-like: a few matches spread out above a broad background.
    const background = noise(256, 0.0, 0.06);
    const ranked = desc([0.16, 0.14, 0.13, 0.12, ...background.slice(0, 100)]);
    expect(relevantCount({ ranked, background })).toBe(4);
  });

  it('returns everything, in order, when nothing stands out', () => {
    const ranked = desc(noise(200, 0.1, 0.05));
    expect(relevantCount({ ranked, background: ranked })).toBe(200);
    expect(relevantCount({ ranked: [0.5, 0.5, 0.5], background: [] })).toBe(3);
  });

  it('does not depend on the model’s score scale', () => {
    const clipLike = desc([0.33, 0.32, ...noise(60, 0.2, 0.02)]);
    const siglipLike = desc([0.13, 0.12, ...noise(60, -0.02, 0.02)]);
    expect(relevantCount({ ranked: clipLike, background: clipLike })).toBe(2);
    expect(relevantCount({ ranked: siglipLike, background: siglipLike })).toBe(2);
  });

  it('lists everything when every photo scores alike within noise (CLIP, an unknown word)', () => {
    const ranked = desc(noise(200, 0.217, 0.001));
    expect(relevantCount({ ranked, background: ranked })).toBe(200);
  });

  it('measures the background below its median: many matches do not hide the stand-outs', () => {
    // 40% of the library matches, spread out above a SigLIP-like background.
    const background = [
      ...noise(60, 0.0, 0.04),
      ...Array.from({ length: 40 }, (_, i) => 0.06 + i * 0.001),
    ];
    const ranked = desc(background);
    expect(relevantCount({ ranked, background })).toBe(40);
  });

  it('does not take a drop under a wide spread of scores for a group apart', () => {
    // Stand-outs fading into the background, and a few odd photos far below it.
    const background = [
      ...Array.from({ length: 8 }, (_, i) => 0.1 - i * 0.01),
      ...noise(40, 0.0, 0.02),
      ...Array.from({ length: 6 }, () => -0.08),
    ];
    const ranked = desc(background);
    const n = relevantCount({ ranked, background });
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThanOrEqual(8);
  });
});
