/**
 * @file `npm run bench:people-suggest`: how long "Is this Anna?" ([Note: Person suggestions])
 * takes to list on a large library. Synthetic descriptors (real ones come one photo at a
 * time through the faces stage, too slowly for thousands): identities as random 128-D
 * directions, each face its identity's direction plus noise, so faces of one identity sit
 * about 0.08 apart in cosine distance, as the shipped dlib descriptor puts them; the
 * shipped threshold (0.09). A part of the identities is named; the list is asked for all
 * named persons and for one. BENCH_IDENTITIES × BENCH_FACES faces (default 200 × 30).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryDatabase } from '../src/main/db/library-database';
import { FaceVectors } from '../src/main/embeddings/face-vectors';
import { faceThreshold } from '../src/main/faces/face-stage';
import { PeopleService } from '../src/main/people/people-service';
import { normalise } from '../src/shared/vector-math';

const identities = Number(process.env.BENCH_IDENTITIES ?? 200);
const perIdentity = Number(process.env.BENCH_FACES ?? 30);
const named = Math.min(50, identities);

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
/** A standard normal draw (Box–Muller). */
const gaussian = () =>
  Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-suggest-bench-'));
const database = LibraryDatabase.open(path.join(dir, 'library.db'));
const db = database.db;
const people = new PeopleService({ db, threshold: faceThreshold });
const insert = db.prepare(
  `INSERT INTO photos (fingerprint, size, format, state, width, height, captured_at, captured_at_utc, updated_at)
   VALUES (?, ?, 'jpeg', 'ready', 1000, 1000, '2020-01-01T00:00:00', ?, '2020-01-01T00:00:00Z')`,
);

const started = performance.now();
const centres = Array.from({ length: identities }, () =>
  normalise(Float32Array.from({ length: 128 }, gaussian)),
);
let photo = 0;
for (let f = 0; f < perIdentity; f++)
  for (const centre of centres) {
    const id = Number(insert.run(`bench-${String(photo)}`, photo, photo).lastInsertRowid);
    photo++;
    // Noise of 0.026 per dimension: two faces of one identity about 0.08 apart (cosine distance).
    const vector = normalise(centre.map((v) => v + gaussian() * 0.026));
    people.addFaces(id, 'bench', [
      { box: [0.3, 0.3, 0.3, 0.3], keypoints: [], score: 0.9, quality: 50, descriptor: vector },
    ]);
  }
const loadMs = performance.now() - started;

// Name the largest persons, as a user names the people they see most.
const main = people.persons('main').slice(0, named);
main.forEach((p, i) => {
  people.name(p.id, `Person ${String(i)}`);
});

function timed(work: () => unknown, runs = 5): { ms: number; value: unknown } {
  const times: number[] = [];
  let value: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, value };
}

const all = timed(() => people.suggestions(20));
const one = timed(() => people.suggestions(20, main[0]?.id));
// The part of the list that reads every vector once (see [Note: Person suggestions]).
const scan = timed(() => {
  let n = 0;
  new FaceVectors(db).each('bench', () => n++);
  return n;
});
const persons = people.persons('main').length + people.persons('singles').length;
console.log(
  JSON.stringify(
    {
      faces: identities * perIdentity,
      identities,
      persons,
      named: main.length,
      loadSeconds: Math.round(loadMs / 100) / 10,
      suggestionsAllMs: Math.round(all.ms),
      suggestionsAll: (all.value as unknown[]).length,
      suggestionsOneMs: Math.round(one.ms),
      suggestionsOne: (one.value as unknown[]).length,
      vectorScanMs: Math.round(scan.ms),
    },
    null,
    2,
  ),
);
database.close();
rmSync(dir, { recursive: true, force: true });
