/**
 * @file `npm run bench:faces-profile`: where the faces stage's CPU goes per 12-MP photo, step by
 * step, against the default image model's embedding measured in the same run and process.
 *
 * Everything runs in this one process on one onnxruntime thread (the app's count on this
 * 2-core machine) and one libvips thread (the core's), timed with process.cpuUsage (all
 * threads): what ingest spends for the faces both ways ([Note: Ingest copy]), the stage's
 * reading of the detection input, detection (the net's runs apart),
 * the original opened again and the reference band rendered, and the descriptors (chips and
 * net), through findFaces itself with the worker's faces code behind a stand-in client. The
 * embedding is the default model's visual graph as users download it (random weights, batch
 * 1) on one photo's input, run between the photos so the machine's load falls on both alike.
 * BENCH_PROFILE_N photos of each kind (default 16), two passes, the second reported.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { benchModels, ensureBenchModel } from '../scripts/bench-models/bench-models';
import {
  detectInputFromCopy,
  detectPixels,
  faceInputMaxSide,
  referenceSize,
  renderDetectInput,
  renderReferenceRect,
} from '../src/main/faces/face-input';
import { findFaces } from '../src/main/faces/find-faces';
import type { InferenceClient } from '../src/main/inference/inference-client';
import { DecodeHelpers, decodeFile, decodeImage } from '../src/main/library/decode-image';
import { renderIngestCopy } from '../src/main/library/ingest-copy';
import { writeGridThumbnail } from '../src/main/library/thumbnails';
import { eyeDistanceIn, FaceModels } from '../src/worker/faces/face-models';
import type { WorkerPayload } from '../src/shared/worker-protocol';
import { groupPhotos12mp } from './faces-stage-bench';
import { generate12mpPhotos } from './photos-12mp';
import { tuneSharp } from '../src/main/library/ingest-runner';

const n = Number(process.env.BENCH_PROFILE_N ?? 16);
// libvips as the core sets it up: one thread per photo, no operation cache.
tuneSharp();
const root = path.resolve('.');
const dir = path.join(root, 'models/faces');
const helpers = new DecodeHelpers();
const models = await FaceModels.load(dir, 1);

/** CPU ms spent so far by steps, by name. */
const spent = new Map<string, number>();
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = process.cpuUsage();
  try {
    return await work();
  } finally {
    const used = process.cpuUsage(start);
    spent.set(step, (spent.get(step) ?? 0) + (used.user + used.system) / 1000);
  }
}

// The nets' own runs, apart from the JS and libvips work around them.
const sessions = models as unknown as {
  detector: ort.InferenceSession;
  recognizer: ort.InferenceSession;
};
for (const [key, step] of [
  ['detector', 'detection net'],
  ['recognizer', 'descriptor net'],
] as const) {
  const session = sessions[key];
  const run = session.run.bind(session);
  session.run = (feeds: ort.InferenceSession.FeedsType) => timed(step, () => run(feeds));
}

/** The worker's detectFaces and describeFaces, in this process. */
const client = {
  whenReady: () => Promise.resolve(),
  request: async (type: string, payload: unknown) => {
    if (type === 'detectFaces') {
      const { pixels, width, height, sourceLongSide } = payload as WorkerPayload<'detectFaces'>;
      return timed('detection (all)', async () => ({
        faces: await models.detect(
          { data: pixels, width, height },
          sourceLongSide ? { sourceLongSide } : {},
        ),
      }));
    }
    const { width, height, measuredAt, faces } = payload as WorkerPayload<'describeFaces'>;
    return timed('descriptors (all)', async () => ({
      faces: await models.describeFaces(
        faces.map((face) => ({
          image: { data: face.pixels, width: face.width, height: face.height },
          keypoints: face.keypoints.map((v, i) =>
            i % 2 === 0 ? v * width - face.left : v * height - face.top,
          ),
          ...(measuredAt ? { eyeDistance: eyeDistanceIn(face.keypoints, measuredAt) } : {}),
        })),
      ),
    }));
  },
} as unknown as InferenceClient;

const thumbs = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-faces-profile-'));

/**
 * Ingest's share of the faces stage, both ways on one photo: before [Note: Ingest copy], the
 * grid thumbnail from the original and the detection input rendered apart (the faces' share:
 * that render); since, the small copy feeds both (the faces' share: the copy's encoding, or
 * all of it less the grid as it was, whichever is more). The detection input of the new way.
 */
async function ingestBothWays(file: string, bytes: Buffer): Promise<Buffer> {
  const open = () => decodeImage(bytes, file, 'jpeg', null, helpers);
  const before = await open();
  await timed('ingest before: grid thumbnail (without faces)', () =>
    writeGridThumbnail(before, thumbs, 'before'),
  );
  await timed('ingest before: detection input rendered', () => renderDetectInput(before));
  const after = await open();
  const copy = await timed('ingest since: copy and grid thumbnail (without faces)', async () => {
    const made = await renderIngestCopy(after);
    await writeGridThumbnail(after, thumbs, 'after', made);
    return made;
  });
  return timed('ingest since: detection input encoded from the copy', () =>
    copy ? detectInputFromCopy(copy) : renderDetectInput(after),
  );
}

/** One photo through ingest's render and the stage; its face count. */
async function facesOf(file: string): Promise<number> {
  const bytes = await readFile(file);
  const jpeg = await ingestBothWays(file, bytes);
  const detect = await timed('stage: detection input read', () => detectPixels(jpeg));
  const faces = await findFaces({
    inference: client,
    dir,
    detect,
    sourceLongSide: faceInputMaxSide,
    reference: () =>
      timed('stage: original opened again', async () => {
        const decoded = await decodeFile(
          { path: file, format: 'jpeg', orientation: null },
          helpers,
        );
        return {
          ...referenceSize(decoded.width, decoded.height),
          render: (size, rect) =>
            timed('stage: reference band rendered', () => renderReferenceRect(decoded, size, rect)),
        };
      }),
  });
  return faces.length;
}

const spec = benchModels.find((m) => m.id.endsWith('-static1'));
if (!spec) throw new Error('no batch-1 default bench model');
const modelDir = ensureBenchModel(spec, path.join(os.tmpdir(), 'fotoglot-bench-models'));
const visual = await ort.InferenceSession.create(path.join(modelDir, 'visual/model.onnx'), {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});
const inputName = visual.inputNames[0] ?? 'image';
const embedInput = new ort.Tensor(
  'float32',
  Float32Array.from({ length: 3 * 256 * 256 }, () => Math.random() * 2 - 1),
  [1, 3, 256, 256],
);

const groupDir = await groupPhotos12mp(n);
const sets = [
  { name: 'group photos enlarged to 4000×3000', dir: groupDir },
  ...(process.env.BENCH_PROFILE_FACELESS === '0'
    ? []
    : [{ name: 'faceless 4000×3000', dir: await generate12mpPhotos(n) }]),
];
for (const set of sets) {
  const files = readdirSync(set.dir)
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => path.join(set.dir, f))
    .slice(0, n);
  let found = 0;
  for (let pass = 0; pass < 2; pass++) {
    spent.clear();
    found = 0;
    for (const file of files) {
      found += await facesOf(file);
      await timed('embedding (default model, 1 photo)', () =>
        visual.run({ [inputName]: embedInput }),
      );
    }
  }
  const per = (step: string) => (spent.get(step) ?? 0) / files.length;
  const embed = per('embedding (default model, 1 photo)');
  const inStage = [
    'stage: detection input read',
    'detection (all)',
    'stage: original opened again',
    'stage: reference band rendered',
    'descriptors (all)',
  ].reduce((sum, step) => sum + per(step), 0);
  const ingestBefore = per('ingest before: detection input rendered');
  const encoded = per('ingest since: detection input encoded from the copy');
  const ingestSince = Math.max(
    encoded,
    per('ingest since: copy and grid thumbnail (without faces)') +
      encoded -
      per('ingest before: grid thumbnail (without faces)'),
  );
  console.log(
    `\n${set.name}: ${String(files.length)} photos, ${String(found)} faces; load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
  );
  console.log('| step | CPU ms/photo |\n|---|---|');
  for (const [step] of spent) console.log(`| ${step} | ${per(step).toFixed(1)} |`);
  const share = (ingest: number) =>
    `ingest ${ingest.toFixed(1)} + stage ${inStage.toFixed(1)} = **${(ingest + inStage).toFixed(1)} ms**, **${((100 * (ingest + inStage)) / embed).toFixed(1)} %** of the embedding`;
  console.log(`faces CPU per photo, before the ingest copy: ${share(ingestBefore)}`);
  console.log(`faces CPU per photo, since: ${share(ingestSince)}`);
}
await models.dispose();
await visual.release();
await helpers.dispose();
rmSync(groupDir, { recursive: true, force: true });
rmSync(thumbs, { recursive: true, force: true });
