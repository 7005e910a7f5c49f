/** The status bar's words for work in progress: whole-library counts, ended jobs, processors. */
import { describe, expect, it } from 'vitest';
import { jobEnded, modelName, overallCounts, processorOf } from './job-progress';

describe('status bar job counts', () => {
  it('counts a stage over the whole library, not over the run in progress', () => {
    // A run of 14 photos, 12 done, in a library of 1,227 of which 340 are imported.
    const stages = [{ name: 'ingest', done: 338, total: 1227 }];
    expect(overallCounts({ job: 'ingest', done: 12, total: 14 }, stages)).toEqual({
      done: 1225,
      total: 1227,
    });
    expect(overallCounts({ job: 'ingest', done: 0, total: 887 }, stages)).toEqual({
      done: 340,
      total: 1227,
    });
    // Stage counts not yet refreshed after photos were added: never fewer than the run's.
    expect(
      overallCounts({ job: 'embed', done: 2, total: 50 }, [{ name: 'embed', done: 0, total: 10 }]),
    ).toEqual({
      done: 2,
      total: 50,
    });
    // A download has no stage: its own bytes.
    expect(overallCounts({ job: 'download:x', done: 5, total: 10 }, stages)).toEqual({
      done: 5,
      total: 10,
    });
  });

  it('treats a job with nothing left as over, "0 / 0" included', () => {
    expect(jobEnded({ done: 0, total: 0 })).toBe(true);
    expect(jobEnded({ done: 14, total: 14 })).toBe(true);
    expect(jobEnded({ done: 12, total: 14 })).toBe(false);
  });

  it('names processors and models in words people use', () => {
    expect(processorOf('cpu')).toBe('cpu');
    expect(processorOf('cuda')).toBe('gpu');
    expect(processorOf('webgpu')).toBe('gpu');
    expect(modelName('ViT-B-16-SigLIP-i18n-256__webli')).toBe('ViT-B-16-SigLIP-i18n-256');
    expect(modelName('test-tiny')).toBe('test-tiny');
  });
});
