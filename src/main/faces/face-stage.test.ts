/**
 * The faces stage ([Note: Faces stage]) through the real core, the real worker and the shipped
 * face models, on real LFW photos of ../shared/data/faces copied into a temporary folder:
 * persons come out with the right photos and no wrong merge, a photo without faces and a
 * damaged one do not stop it, a name survives the faces being found again, and `fotoglot
 * people` lists it all.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleListSchema } from '../../shared/people-schemas';
import { createHandlers, type Handlers } from '../app-handlers';
import { openCoreAt, openTestCore, type TestCore } from '../../../test/helpers/test-core';
import { colours, writeColourPhoto } from '../../../test/helpers/colour-photos';
import { runAndKill, runFotoglot } from '../../../test/helpers/cli';
import { sharedData } from '../../../test/helpers/face-descriptors';
import { facesStage } from './face-stage';
import { jobKind } from '../jobs/job-queue';

const identities = ['Colin_Powell', 'Tony_Blair', 'Vladimir_Putin'];
const kind = jobKind(facesStage);
let t: TestCore;
let home: string;
let handlers: Handlers;

/** The identity of each photo id (from its folder); the faceless and damaged photos have none. */
function identityOf(photoId: number): string | null {
  const file = t.core.db.db
    .prepare('SELECT path FROM files WHERE photo_id = ?')
    .pluck()
    .get(photoId) as string;
  const folder = path.basename(path.dirname(file));
  return identities.includes(folder) ? folder : null;
}

function jobStates(): Record<string, number> {
  const rows = t.core.db.db
    .prepare('SELECT state, count(*) AS n FROM jobs WHERE kind = ? GROUP BY state')
    .all(kind) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

const faceCount = () => t.core.db.db.prepare('SELECT count(*) FROM faces').pluck().get() as number;

beforeAll(async () => {
  t = openTestCore();
  home = path.join(t.root, 'data');
  for (const id of identities) {
    mkdirSync(path.join(t.photos, id));
    for (const n of ['0001', '0002', '0003'])
      copyFileSync(
        path.join(sharedData, 'faces/lfw_krasserm', id, `${id}_${n}.jpg`),
        path.join(t.photos, id, `${id}_${n}.jpg`),
      );
  }
  await writeColourPhoto(path.join(t.photos, 'no-face.jpg'), colours.blue, 1);
  // A JPEG cut short after its header: ingest records it as a problem, the stages go on.
  const jpeg = readFileSync(path.join(t.photos, 'Tony_Blair', 'Tony_Blair_0001.jpg'));
  writeFileSync(path.join(t.photos, 'damaged.jpg'), jpeg.subarray(0, 400));
  handlers = createHandlers(t.core);
  await t.core.library.index([t.photos], false);
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe('faces stage', () => {
  it('finds faces in every readable photo, and a faceless one is done with none', () => {
    // 9 portraits + the faceless photo; the damaged photo never got past ingest.
    expect(jobStates()).toEqual({ done: 10 });
    const noFace = t.core.db.db
      .prepare(
        `SELECT count(*) FROM faces fa JOIN files f ON f.photo_id = fa.photo_id WHERE f.path LIKE '%no-face.jpg'`,
      )
      .pluck()
      .get() as number;
    expect(noFace).toBe(0);
    expect(faceCount()).toBeGreaterThanOrEqual(9);
    const problems = t.core.db.db.prepare('SELECT path FROM problems').pluck().all() as string[];
    expect(problems.map((p) => path.basename(p))).toEqual(['damaged.jpg']);
  });

  it('stops at the pause switch and goes on where it stopped on resume', async () => {
    t.core.pipeline.pause();
    t.core.db.db.prepare(`UPDATE jobs SET state = 'pending' WHERE kind = ?`).run(kind);
    const stopped = new Promise<void>((resolve) => {
      const off = t.core.pipeline.gate.onWaiting((stage) => {
        if (stage !== 'faces') return;
        off();
        resolve();
      });
    });
    const running = t.core.faces.run();
    await stopped;
    expect(jobStates()).toEqual({ pending: 10 });
    t.core.pipeline.resume();
    await running;
    expect(jobStates()).toEqual({ done: 10 });
  }, 60_000);

  it('groups each identity into one person with its 3 photos, and never merges two', async () => {
    const listed = await handlers['people:list'](undefined);
    for (const p of [...listed.persons, ...listed.singles]) {
      const ids = new Set(t.core.people.personPhotos(p.id).map(identityOf));
      // No wrong merge: every person's photos are of one identity.
      expect(ids.size, `person ${String(p.id)}`).toBe(1);
    }
    const byIdentity = listed.persons.map((p) => ({
      who: identityOf(t.core.people.personPhotos(p.id)[0] ?? 0),
      photos: p.photos,
    }));
    expect(byIdentity.filter((p) => p.photos === 3).map((p) => p.who)).toEqual(
      expect.arrayContaining(identities),
    );
  });

  it('keeps a name when the faces are found again, with no duplicate faces', async () => {
    const listed = await handlers['people:list'](undefined);
    const blair = listed.persons.find(
      (p) => identityOf(t.core.people.personPhotos(p.id)[0] ?? 0) === 'Tony_Blair',
    );
    expect(blair).toBeDefined();
    const named = await handlers['people:name']({ id: blair?.id ?? 0, name: 'Tony Blair' });
    expect(named).toMatchObject({ name: 'Tony Blair', photos: 3 });
    const faces = faceCount();
    // As after a re-ingest or a kill before the jobs closed: every photo's faces again.
    t.core.db.db.prepare(`UPDATE jobs SET state = 'pending' WHERE kind = ?`).run(kind);
    await t.core.pipeline.afterIngest();
    expect(jobStates()).toEqual({ done: 10 });
    expect(faceCount()).toBe(faces);
    const again = await handlers['people:list'](undefined);
    expect(again.persons[0]).toMatchObject({ name: 'Tony Blair', photos: 3 });
  }, 60_000);

  it('`fotoglot index` again and `fotoglot people --json` list the named person first', async () => {
    await t.core.dispose();
    const indexed = await runFotoglot(['index', t.photos, '--no-watch', '--home', home, '--json']);
    expect(indexed.code, indexed.stderr).toBe(0);
    const run = await runFotoglot(['people', '--json', '--home', home]);
    expect(run.code, run.stderr).toBe(0);
    const people = peopleListSchema.parse(JSON.parse(run.stdout));
    expect(people.persons[0]).toMatchObject({ name: 'Tony Blair', faces: 3, photos: 3 });
    expect(people.persons.filter((p) => p.photos === 3)).toHaveLength(3);
    const plain = await runFotoglot(['people', '--home', home]);
    expect(plain.stdout).toMatch(/Tony Blair {2}\(3 faces in 3 photos\)/);
    const other = people.persons.find((p) => p.name === null);
    const hidden = await runFotoglot(['people', 'hide', String(other?.id), '--home', home]);
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(hidden.stdout).toMatch(/hidden/);
    // The core is open again for afterAll's close.
    t = { ...t, core: openCoreAt(home) };
  }, 120_000);
});

describe('faces stage across a kill', () => {
  it('resumes after `fotoglot index` is killed, with no face stored twice', async () => {
    const killedHome = path.join(t.root, 'killed');
    // Killed part-way (ingest, embedding or faces, as the machine's speed has it), then resumed.
    await runAndKill(['index', t.photos, '--no-watch', '--home', killedHome], 4000);
    const indexed = await runFotoglot(['index', t.photos, '--no-watch', '--home', killedHome]);
    expect(indexed.code, indexed.stderr).toBe(0);
    const run = await runFotoglot(['people', '--json', '--home', killedHome]);
    const people = peopleListSchema.parse(JSON.parse(run.stdout));
    const threes = people.persons.filter((p) => p.photos === 3);
    expect(threes).toHaveLength(3);
    // One face per portrait per person: nothing was stored twice.
    for (const p of threes) expect(p.faces).toBe(3);
    const [first] = threes;
    const named = await runFotoglot([
      'people',
      'name',
      String(first?.id),
      'Anna',
      'Strand',
      '--home',
      killedHome,
    ]);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/Anna Strand {2}\(3 faces in 3 photos\)/);
  }, 120_000);
});
