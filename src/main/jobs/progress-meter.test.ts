/** The one rate/ETA formula every stage reports with. */
import { describe, expect, it } from 'vitest';
import { ProgressMeter } from './progress-meter';

describe('ProgressMeter', () => {
  it('measures the recent rate and the time left at it', () => {
    let now = 0;
    const meter = new ProgressMeter(5000, () => now);
    expect(meter.progress(0, 10)).toEqual({ done: 0, total: 10, rate: 0, etaSeconds: null });
    for (let i = 0; i < 5; i++) {
      meter.tick();
      now += 500; // 2 items/s
    }
    const p = meter.progress(5, 10);
    expect(p.rate).toBeCloseTo(2, 5);
    expect(p.etaSeconds).toBeCloseTo(2.5, 5);
  });

  it('forgets what is older than its window: a stage that slows down says so', () => {
    let now = 0;
    const meter = new ProgressMeter(5000, () => now);
    for (let i = 0; i < 20; i++) {
      meter.tick();
      now += 100; // 10/s for 2 s
    }
    for (let i = 0; i < 10; i++) {
      now += 1000; // then 1/s
      meter.tick();
    }
    expect(meter.progress(30, 40).rate).toBeCloseTo(1, 1);
  });

  it('counts batches and never reports a total below what is done', () => {
    let now = 0;
    const meter = new ProgressMeter(5000, () => now);
    meter.tick(16);
    now += 2000;
    meter.tick(16);
    expect(meter.progress(32, 20)).toEqual({ done: 32, total: 32, rate: 8, etaSeconds: 0 });
  });
});
