/**
 * @file The faces stage measured through the real core ([Note: Faces stage]), for
 * `npm run bench:faces`:
 *  - clustering of the labelled identities of ../shared/data/faces into persons, as a user's
 *    library would be: pairwise precision and recall, BCubed F, and wrong merges (a person
 *    holding photos of two labelled identities of one source);
 *  - the end-to-end cost of the stage: N photos indexed (ingest, embedding with the default
 *    model's architecture, faces) with the faces stage and without it (the same bundled models
 *    without faces/, so the stage waits and ingest renders no faces input), ratio in the same
 *    run, for faceless 12-MP photos and for group photos enlarged to 12 MP;
 *  - peak memory of the core (this process) and of the inference process (VmHWM).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { BenchModelSpec } from '../scripts/bench-models/bench-models';
import { Core } from '../src/main/core';
import { nodeWorkerLauncher } from '../src/main/inference/worker-launcher';
import { labelledPhotos } from '../test/faces-dataset';

const workerScript = path.resolve('dist/node/worker.cjs');

/** VmHWM of a process, in MB (NaN when it has no pid: a worker thread). */
export function peakMemoryMb(pid: number | null): number {
  if (pid === null) return NaN;
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Clustering quality over labelled photos: each photo's main face and the person it is in. */
export interface ClusterScores {
  photos: number;
  /** Photos whose main face was recognisable (so it could join a person). */
  described: number;
  precision: number;
  recall: number;
  bcubedF: number;
  /** Persons holding photos of two or more identities of one source. */
  wrongMerges: number;
  /** The labels each wrongly merged person holds, with photo counts. */
  merged: string[];
  /**
   * Persons holding identities of two sources only: not scored above (one person may be
   * labelled in two sources), but every identity of ../shared/data/faces is a different
   * person (checked by name), so each of these is a wrong merge too.
   */
  mergedAcrossSources: string[];
  /** Persons the labelled identities ended up in (singles included). */
  persons: number;
  identities: number;
}

/**
 * Scores `assigned` (photo → person, null: no recognisable face) against `labels`. Only pairs
 * within one source count: the same person may be labelled in two sources (see the dataset's
 * README). A photo without a person is its own cluster.
 */
export function clusterScores(
  labels: ReadonlyMap<string, string>,
  assigned: ReadonlyMap<string, number | null>,
): ClusterScores {
  const photos = [...labels.keys()];
  const source = (label: string) => label.split(':')[0] ?? label;
  const personOf = (p: string) => assigned.get(p) ?? `alone:${p}`;
  let together = 0;
  let togetherRight = 0;
  let same = 0;
  let sameTogether = 0;
  for (let i = 0; i < photos.length; i++)
    for (let j = i + 1; j < photos.length; j++) {
      const [a, b] = [photos[i] ?? '', photos[j] ?? ''];
      const [la, lb] = [labels.get(a) ?? '', labels.get(b) ?? ''];
      if (source(la) !== source(lb)) continue;
      const joined = personOf(a) === personOf(b);
      if (joined) together++;
      if (joined && la === lb) togetherRight++;
      if (la === lb) same++;
      if (la === lb && joined) sameTogether++;
    }
  // BCubed: per photo, the share of its person that has its label, and of its label in its person.
  let bp = 0;
  let br = 0;
  for (const p of photos) {
    const inPerson = photos.filter(
      (q) =>
        personOf(q) === personOf(p) && source(labels.get(q) ?? '') === source(labels.get(p) ?? ''),
    );
    const withLabel = photos.filter((q) => labels.get(q) === labels.get(p));
    const both = inPerson.filter((q) => labels.get(q) === labels.get(p)).length;
    bp += both / inPerson.length;
    br += both / withLabel.length;
  }
  bp /= photos.length;
  br /= photos.length;
  const byPerson = new Map<number, Map<string, number>>();
  for (const p of photos) {
    const id = assigned.get(p);
    if (id === null || id === undefined) continue;
    const counts = byPerson.get(id) ?? new Map<string, number>();
    const label = labels.get(p) ?? '';
    counts.set(label, (counts.get(label) ?? 0) + 1);
    byPerson.set(id, counts);
  }
  const wrong = [...byPerson.values()].filter((counts) => {
    const sources = [...counts.keys()].map(source);
    return new Set(sources).size < sources.length;
  });
  const across = [...byPerson.values()].filter(
    (counts) => counts.size > 1 && !wrong.includes(counts),
  );
  const describe = (counts: Map<string, number>) =>
    [...counts].map(([label, n]) => `${label} × ${String(n)}`).join(' + ');
  return {
    photos: photos.length,
    described: [...assigned.values()].filter((v) => v !== null).length,
    precision: together === 0 ? 1 : togetherRight / together,
    recall: same === 0 ? 1 : sameTogether / same,
    bcubedF: (2 * bp * br) / (bp + br),
    wrongMerges: wrong.length,
    merged: wrong.map(describe),
    mergedAcrossSources: across.map(describe),
    persons: byPerson.size,
    identities: new Set(labels.values()).size,
  };
}

/** Indexes every labelled identity photo in a fresh library and scores the persons formed. */
export async function clusterIdentities(): Promise<ClusterScores> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-people-'));
  const photos = path.join(root, 'photos');
  const labels = new Map<string, string>();
  labelledPhotos()
    .filter((p) => p.label.includes(':'))
    .forEach((p, i) => {
      // A folder per photo keeps names apart (several sources reuse img1.jpg).
      const to = path.join(photos, String(i), path.basename(p.file));
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(p.file, to);
      labels.set(to, p.label);
    });
  const core = Core.open({
    home: path.join(root, 'data'),
    launchWorker: nodeWorkerLauncher(workerScript),
    bundledModelsDir: path.resolve('models'),
  });
  try {
    await core.library.index([photos], false);
    const assigned = new Map<string, number | null>();
    for (const file of labels.keys()) {
      const id = core.db.db
        .prepare('SELECT photo_id FROM files WHERE path = ?')
        .pluck()
        .get(file) as number;
      const main = core.people
        .photoFaces(id)
        .filter((f) => f.recognisable === 1)
        .sort((a, b) => b.w * b.h - a.w * a.h)[0];
      assigned.set(file, main?.person_id ?? null);
    }
    return clusterScores(labels, assigned);
  } finally {
    await core.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

/** N group photos of the dataset enlarged to 4000×3000 JPEGs: camera-sized photos with faces. */
export async function groupPhotos12mp(count: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-groups-'));
  const groups = labelledPhotos().filter((p) => p.label === 'group' && p.faces !== null);
  for (let i = 0; i < count; i++) {
    const from = groups[i % groups.length]?.file ?? '';
    await sharp(from)
      .rotate()
      .resize(4000, 3000, { fit: 'cover', kernel: 'lanczos3' })
      .jpeg({ quality: 88 })
      .toFile(path.join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`));
  }
  return dir;
}

/** CPU seconds (user + system) a process has used so far, all its threads. */
function cpuSeconds(pid: number | null): number {
  if (pid === null) return NaN;
  // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
  const fields =
    readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/**
 * One indexed library: seconds from `index` until every stage is done, the CPU seconds the
 * core and the inference process spent meanwhile (on a shared machine the wall clock follows
 * the other users' load; CPU time much less), and peak memory.
 */
export interface IndexRun {
  seconds: number;
  coreCpu: number;
  workerCpu: number;
  faces: number;
  corePeakMb: number;
  workerPeakMb: number;
}

/**
 * Indexes `photos` with the search model `spec` (from `modelDir`) in a fresh home, with the
 * shipped face models or without them. Tagging is stopped, as bench:embed does (its
 * vocabulary is a one-off text job), and so is the text stage (it reads every photo, with or
 * without faces); the model is loaded before the clock starts.
 */
export async function indexWith(
  spec: BenchModelSpec,
  modelDir: string,
  photos: string,
  withFaces: boolean,
): Promise<IndexRun> {
  const bundled = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-bundle-'));
  copyFileSync('models/catalog.json', path.join(bundled, 'catalog.json'));
  symlinkSync(modelDir, path.join(bundled, spec.catalogId));
  if (withFaces) symlinkSync(path.resolve('models/faces'), path.join(bundled, 'faces'));
  const home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bench-home-'));
  const core = Core.open({
    home,
    launchWorker: nodeWorkerLauncher(workerScript),
    bundledModelsDir: bundled,
  });
  try {
    await core.models.use(spec.catalogId);
    await core.embeddings.probe();
    if (withFaces) await core.faces.checkModels(); // loads the face models too
    await core.tags.dispose();
    // The text stage reads every photo too (its own models, present in both runs), and without
    // the face models it renders the detection input itself: it would count in the base.
    await core.textStage.dispose();
    const { pid } = await core.inference.whenReady();
    const start = performance.now();
    const [core0, worker0] = [process.cpuUsage(), cpuSeconds(pid)];
    await core.library.index([photos], false);
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(core0);
    return {
      seconds,
      coreCpu: (used.user + used.system) / 1e6,
      workerCpu: cpuSeconds(pid) - worker0,
      faces: core.db.db.prepare('SELECT count(*) FROM faces').pluck().get() as number,
      corePeakMb: peakMemoryMb(process.pid),
      workerPeakMb: peakMemoryMb(pid),
    };
  } finally {
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
    rmSync(bundled, { recursive: true, force: true });
  }
}
