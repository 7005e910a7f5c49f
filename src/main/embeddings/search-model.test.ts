/**
 * Which vectors answer a search while the user switches models: the new model's only once
 * it has embedded every photo; until then the old model's (the one with the most vectors).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LibraryDatabase } from '../db/library-database';
import { InferenceClient } from '../inference/inference-client';
import { DecodeHelpers } from '../library/decode-image';
import { ModelInputCache } from './model-input-cache';
import { EmbeddingService } from './embedding-service';

let home: string;
let db: LibraryDatabase;
let active = 'new';
let service: EmbeddingService;

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-search-model-'));
  db = LibraryDatabase.open(path.join(home, 'library.db'));
  db.db.prepare("INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', '')").run();
  const photo = db.db.prepare(
    "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, 1, 'jpeg', 'ready', '')",
  );
  const file = db.db.prepare(
    'INSERT INTO files (path, folder_id, photo_id, size, mtime_ms) VALUES (?, 1, ?, 1, 0)',
  );
  for (let i = 0; i < 3; i++) {
    const id = photo.run(`fp-${String(i)}`).lastInsertRowid;
    file.run(`/photos/${String(i)}.jpg`, id);
  }
  service = new EmbeddingService({
    db: db.db,
    // Choosing the model never starts the worker or decodes.
    inference: new InferenceClient({
      launch: () => {
        throw new Error('not started in this test');
      },
    }),
    helpers: new DecodeHelpers(),
    inputs: new ModelInputCache(path.join(home, 'model-inputs')),
    emit: () => undefined,
    activeModel: () => ({ id: active, dir: `/models/${active}` }),
    modelDir: (id) => `/models/${id}`,
  });
});
afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

/** Embeds the first `count` photos with `model` (a constant vector each). */
function embed(model: string, count: number): void {
  service.store.ensureModel(model, 4);
  service.store.queueMissing(model);
  const jobs = service.store.pendingJobs(model, count, []);
  service.store.storeVectors(
    model,
    jobs.map((job) => ({ job, vector: new Float32Array([1, 0, 0, 0]) })),
  );
}

it('answers with the old model until the new one has embedded every photo', () => {
  embed('old', 3);
  embed('new', 1);
  expect(service.searchModel()?.id).toBe('old');
  embed('new', 2);
  expect(service.store.hasPending('new')).toBe(false);
  expect(service.searchModel()?.id).toBe('new');
});

it('uses the active model when it is the only one, complete or not', () => {
  embed('new', 1);
  expect(service.searchModel()?.id).toBe('new');
  active = 'absent';
  expect(service.searchModel()?.id).toBe('new');
  active = 'new';
});
