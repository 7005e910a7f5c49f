/**
 * @file What the status bar says about work in progress, in words for people: each stage's
 * count over the whole library ("Importing 340 of 1,227", not one run's "12 / 14"), when a
 * job has ended, and what the search model runs on (CPU or GPU, not provider ids). Pure, so
 * any host can say the same.
 */

/** A job as its last `job:progress` event left it. */
export interface JobProgress {
  job: string;
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
}

/** How far a pipeline stage has come over the whole library (app:info `stages`). */
export interface StageCount {
  name: string;
  done: number;
  total: number;
}

/** A job that has nothing left (including one that never had anything) is over: not shown. */
export function jobEnded(job: Pick<JobProgress, 'done' | 'total'>): boolean {
  return job.done >= job.total;
}

/**
 * The counts to show for a job. A run counts only the photos it was given, so a stage job
 * shows the library's whole count: what the run has left is live (from its events), the
 * stage's total is refreshed every few seconds, and the photos done are the difference.
 * Other jobs (downloads) show their own counts.
 */
export function overallCounts(
  job: Pick<JobProgress, 'job' | 'done' | 'total'>,
  stages: readonly StageCount[],
): { done: number; total: number } {
  const stage = stages.find((s) => s.name === job.job);
  if (!stage) return { done: job.done, total: job.total };
  const left = Math.max(0, job.total - job.done);
  const total = Math.max(stage.total, job.total);
  return { done: Math.max(0, total - left), total };
}

/** What a provider id means to a person: the processor it runs on. */
export function processorOf(provider: string): 'cpu' | 'gpu' {
  return provider.toLowerCase() === 'cpu' ? 'cpu' : 'gpu';
}

/** A model's name as people read it: its id without the training-data suffix (`__webli`). */
export function modelName(id: string): string {
  return id.split('__')[0] ?? id;
}
