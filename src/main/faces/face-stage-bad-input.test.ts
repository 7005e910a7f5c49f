/**
 * The faces stage ([Note: Faces stage]) on bad input, through the real core, worker and shipped
 * models: photos turned by EXIF, greyscale, blurred, tiny, huge, a crowd of more than 100,
 * animals, a statue and paintings (../shared/data/faces); the faces input ingest hands over
 * ([Note: Faces input handoff]); and damaged or missing face models, which make the stage wait
 * with a message instead of failing every photo while the other stages go on.
 */
import {
  copyFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/events';
import { createHandlers } from '../app-handlers';
import { homeLayout } from '../app-home';
import { jobKind } from '../jobs/job-queue';
import { openCoreAt, openTestCore, repoRoot, type TestCore } from '../../../test/helpers/test-core';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';
import { runFotoglot } from '../../../test/helpers/cli';
import { sharedData } from '../../../test/helpers/face-descriptors';
import type { FaceRow } from '../people/person-store';
import { facesStage } from './face-stage';

const kind = jobKind(facesStage);
const lfw = (who: string, n: string) =>
  path.join(sharedData, 'faces/lfw_krasserm', who, `${who}_${n}.jpg`);
const dataset = (file: string) => path.join(sharedData, 'faces', file);

function photoId(t: TestCore, name: string): number {
  return t.core.db.db
    .prepare('SELECT photo_id FROM files WHERE path = ?')
    .pluck()
    .get(path.join(t.photos, name)) as number;
}

function jobStates(t: TestCore): Record<string, number> {
  const rows = t.core.db.db
    .prepare('SELECT state, count(*) AS n FROM jobs WHERE kind = ? GROUP BY state')
    .all(kind) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** A photo's main face: the largest recognisable one (LFW portraits have bystanders too). */
function mainFace(t: TestCore, name: string): FaceRow | undefined {
  return t.core.people
    .photoFaces(photoId(t, name))
    .filter((f) => f.recognisable === 1)
    .sort((a, b) => b.w * b.h - a.w * a.h)[0];
}

const filesIn = (dir: string) => {
  try {
    return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.jpg'));
  } catch {
    return [];
  }
};

describe('faces stage on bad input', () => {
  let t: TestCore;
  /** Faces inputs waiting when the stage had stored its first photo's faces. */
  let handedOver = -1;
  const portrait = lfw('Colin_Powell', '0001');

  beforeAll(async () => {
    t = openTestCore();
    const p = (name: string) => path.join(t.photos, name);
    copyFileSync(portrait, p('upright.jpg'));
    // Stored turned, with the EXIF orientation that shows it upright again: 3 = 180°,
    // 6 = shown turned 90° clockwise, 8 = 90° anticlockwise.
    for (const [orientation, stored] of [
      [3, 180],
      [6, 270],
      [8, 90],
    ] as const)
      // Turned first, then written with the tag (sharp resets the tag of a pipeline it turns).
      await sharp(await sharp(portrait).rotate(stored).toBuffer())
        .jpeg({ quality: 95 })
        .withMetadata({ orientation })
        .toFile(p(`exif-${String(orientation)}.jpg`));
    await sharp(portrait).toColourspace('b-w').jpeg({ quality: 95 }).toFile(p('grey.jpg'));
    await sharp(lfw('Colin_Powell', '0002')).blur(6).jpeg().toFile(p('blurred.jpg'));
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a08070' } })
      .png()
      .toFile(p('tiny.png'));
    // 12000×9000 (108 MP): a portrait a fifth of its width in the middle of a grey field.
    await sharp({ create: { width: 12000, height: 9000, channels: 3, background: '#777' } })
      .composite([
        {
          input: await sharp(lfw('Tony_Blair', '0001')).resize(2400).toBuffer(),
          left: 4800,
          top: 3300,
        },
      ])
      .jpeg({ quality: 80 })
      .toFile(p('huge.jpg'));
    copyFileSync(dataset('ultra-light-face/groups/17.jpg'), p('crowd.jpg'));
    for (const file of [
      'dlib/none/dogs.jpg',
      'scikit-image/none/chelsea_cat.png',
      'learning-opencv4/none/statue.jpg',
      'skimage-tutorials/none/mona_lisa_painting.jpg',
    ])
      copyFileSync(dataset(file), p(`none-${path.basename(file)}`));
    await writeColourPhoto(p('no-face.jpg'), colours.green, 1);
    const inputs = homeLayout(path.join(t.root, 'data')).faceInputs;
    const off = t.core.onEvent((event) => {
      if (event.type === 'job:progress' && event.job === 'faces' && handedOver < 0)
        handedOver = filesIn(inputs).length;
    });
    await t.core.library.index([t.photos], false);
    off();
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('looks at every photo, records no problem, and uses and clears what ingest handed over', () => {
    expect(jobStates(t)).toEqual({ done: 14 });
    expect(t.core.db.db.prepare('SELECT path FROM problems').pluck().all()).toEqual([]);
    // Ingest rendered each photo's faces input, all 14 still there when the faces stage had
    // done one: the text stage reads them after it and clears them ([Note: Faces input handoff]).
    expect(handedOver).toBe(14);
    expect(filesIn(homeLayout(path.join(t.root, 'data')).faceInputs)).toEqual([]);
  });

  it('finds the same faces when it decodes the original itself (no input handed over)', async () => {
    const boxes = (name: string) =>
      t.core.people.photoFaces(photoId(t, name)).map((f) => [f.x, f.y, f.w, f.h, f.recognisable]);
    const names = ['upright.jpg', 'exif-6.jpg', 'huge.jpg'];
    const before = names.map(boxes);
    // As for a photo past the folder's cap, or ingested while the models were missing.
    for (const name of names) t.core.faces.jobs.requeue(photoId(t, name));
    await t.core.faces.run();
    expect(jobStates(t)).toEqual({ done: 14 });
    expect(names.map(boxes)).toEqual(before);
  }, 60_000);

  it('puts the box on the face as the photo is shown, whatever its EXIF orientation', () => {
    const upright = mainFace(t, 'upright.jpg');
    expect(upright).toBeDefined();
    for (const name of ['exif-3.jpg', 'exif-6.jpg', 'exif-8.jpg']) {
      const face = mainFace(t, name);
      expect(face, name).toBeDefined();
      for (const k of ['x', 'y', 'w', 'h'] as const)
        expect(Math.abs((face?.[k] ?? 0) - (upright?.[k] ?? 0)), `${name} ${k}`).toBeLessThan(0.03);
      // Recognised as the same person as the upright photo.
      expect(face?.person_id, name).toBe(upright?.person_id);
    }
  });

  it('recognises a greyscale copy as the same person', () => {
    const grey = mainFace(t, 'grey.jpg');
    expect(grey).toBeDefined();
    expect(grey?.person_id).toBe(mainFace(t, 'upright.jpg')?.person_id);
  });

  it('keeps a blurred face as unrecognisable, in no person', () => {
    const blurred = t.core.people.photoFaces(photoId(t, 'blurred.jpg'));
    expect(blurred.length).toBeGreaterThanOrEqual(1);
    for (const face of blurred) {
      expect(face.recognisable).toBe(0);
      expect(face.person_id).toBeNull();
    }
  });

  it('finds nothing in an 8×8 photo and the face in a 12000×9000 one', () => {
    expect(t.core.people.photoFaces(photoId(t, 'tiny.png'))).toEqual([]);
    expect(t.core.people.photoFaces(photoId(t, 'no-face.jpg'))).toEqual([]);
    // The portrait's own face (its bystander may be found too).
    const face = mainFace(t, 'huge.jpg');
    // The portrait spans x 0.40–0.60 of the photo; its face is inside that.
    expect(face?.x).toBeGreaterThan(0.4);
    expect((face?.x ?? 0) + (face?.w ?? 0)).toBeLessThan(0.6);
    expect(face?.recognisable).toBe(1);
  });

  it('stores a crowd of dozens of faces, never two of them as one person', () => {
    const crowd = t.core.people.photoFaces(photoId(t, 'crowd.jpg'));
    expect(crowd.length).toBeGreaterThanOrEqual(30);
    const persons = crowd.map((f) => f.person_id).filter((id) => id !== null);
    expect(new Set(persons).size).toBe(persons.length);
  });

  it('never puts an animal, a statue or a painting into a person with a real face', () => {
    // Colin Powell upright, turned three ways and in grey.
    const real = new Set(t.core.people.personPhotos(mainFace(t, 'upright.jpg')?.person_id ?? 0));
    expect(real.size).toBe(5);
    for (const name of ['dogs.jpg', 'chelsea_cat.png', 'statue.jpg', 'mona_lisa_painting.jpg'])
      for (const face of t.core.people.photoFaces(photoId(t, `none-${name}`)))
        if (face.person_id !== null)
          for (const other of t.core.people.personPhotos(face.person_id))
            expect(real.has(other), name).toBe(false);
  });
});

describe('faces stage with damaged or missing face models', () => {
  let t: TestCore;
  let models: string;
  const events: AppEvent[] = [];
  const recognizer = 'face-recognition-dlib.onnx';

  beforeAll(async () => {
    const root = path.join(repoRoot, 'models');
    // The bundled models with a copy of faces/ whose recognizer is cut short.
    models = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-bundled-'));
    for (const entry of readdirSync(root))
      if (entry !== 'faces') symlinkSync(path.join(root, entry), path.join(models, entry));
    cpSync(path.join(root, 'faces'), path.join(models, 'faces'), { recursive: true });
    const whole = readFileSync(path.join(root, 'faces', recognizer));
    writeFileSync(path.join(models, 'faces', recognizer), whole.subarray(0, whole.length / 3));
    t = openTestCore({ bundledModelsDir: models });
    t.core.onEvent((event) => events.push(event));
    copyFileSync(lfw('Tony_Blair', '0001'), path.join(t.photos, 'blair.jpg'));
    await writeColourPhoto(path.join(t.photos, 'no-face.jpg'), colours.blue, 1);
    await t.core.library.index([t.photos], false);
  }, 180_000);
  afterAll(async () => {
    await t.close();
    rmSync(models, { recursive: true, force: true });
  });

  it('says the model is damaged and waits, while ingest and search go on', async () => {
    const problem = {
      reason: 'damaged',
      files: [recognizer],
      detail: expect.stringContaining(recognizer) as unknown,
    };
    expect(t.core.faces.modelsProblem).toMatchObject(problem);
    expect(events).toContainEqual({
      type: 'faces:models',
      problem: expect.objectContaining(problem) as unknown,
    });
    // No photo is blamed or done: both wait for working models.
    expect(jobStates(t)).not.toHaveProperty('failed');
    expect(jobStates(t)).not.toHaveProperty('done');
    expect(t.core.db.db.prepare('SELECT count(*) FROM problems').pluck().get()).toBe(0);
    const info = await createHandlers(t.core)['app:info'](undefined);
    expect(info.faceModels).toMatchObject(problem);
    expect(info.stages).toEqual(
      expect.arrayContaining([
        { name: 'ingest', done: 2, total: 2 },
        { name: 'embed', done: 2, total: 2 },
        { name: 'faces', done: 0, total: 2 },
      ]),
    );
  });

  it('`fotoglot status` tells what is wrong and what to do', async () => {
    await t.core.dispose();
    const env = { ...process.env, FOTOGLOT_BUNDLED_MODELS: models };
    const home = path.join(t.root, 'data');
    const run = await runFotoglot(['status', '--home', home], env);
    expect(run.stdout).toMatch(/Faces scanned: +0 of 2 photos, 2 pending/);
    expect(run.stdout).toMatch(
      /Face models: +damaged \(face-recognition-dlib\.onnx\): people are not found until you reinstall Fotoglot/,
    );
    const json = await runFotoglot(['status', '--json', '--home', home], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ faceModels: { reason: 'damaged' } });
    t = { ...t, core: openCoreAt(home, { bundledModelsDir: models }) };
  }, 120_000);

  it('finds the faces once the models are whole again, and says when one is missing', async () => {
    copyFileSync(
      path.join(repoRoot, 'models/faces', recognizer),
      path.join(models, 'faces', recognizer),
    );
    events.length = 0;
    t.core.onEvent((event) => events.push(event));
    await t.core.faces.run();
    expect(jobStates(t)).toEqual({ done: 2 });
    expect(t.core.faces.modelsProblem).toBeNull();
    expect(mainFace(t, 'blair.jpg')).toBeDefined();
    rmSync(path.join(models, 'faces', 'face-detection-back-256.onnx'));
    expect(await t.core.faces.checkModels()).toMatchObject({
      reason: 'missing',
      files: ['face-detection-back-256.onnx'],
    });
  }, 120_000);
});
