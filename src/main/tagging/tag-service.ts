/**
 * @file Auto-tagging (zero-shot over the curated vocabulary), the user's decisions on tags,
 * and user-defined zero-shot tags.
 *
 * How suggestions are scored: see [Note: Tag calibration] (tag-calibration.ts).
 */
import type Database from 'better-sqlite3';
import type { TaggingCalibration } from '../../shared/model-catalog';
import { meanDirection } from '../../shared/vector-math';
import { CoalescedRun } from '../coalesced-run';
import type { PauseGate } from '../jobs/pause-gate';
import { ProgressMeter, type Progress } from '../jobs/progress-meter';
import type { EmbeddingService, SearchModel } from '../embeddings/embedding-service';
import { photoListed } from '../library/photo-query';
import { queryLanguage } from '../search/query-language';
import { relevantCount } from '../search/relevance';
import { suggestionsFor } from './tag-calibration';
import { TagStatistics } from './tag-statistics';
import { TagStore, type PhotoTagRow } from './tag-store';
import { AppFailure } from '../../shared/result';
import {
  conceptsNamed,
  conceptsNamedIn,
  displayName,
  promptsFor,
  translationsOf,
  vocabulary,
  type Concept,
  type TagLanguage,
} from './tag-vocabulary';

/** A user decision on tags, as journaled (photos by content fingerprint, never by row id). */
export type TagDecision =
  | {
      op: 'accept' | 'reject' | 'add' | 'drop';
      fingerprint: string;
      name: string;
      source?: 'auto' | 'user';
    }
  | { op: 'rename'; from: string; to: string }
  | { op: 'remove'; name: string }
  | { op: 'review'; name: string; accept: boolean }
  | { op: 'acceptSuggestions'; fingerprints: string[] };
/**
 * Concepts per embedTexts request: each is six prompts ([Note: Prompt ensembles]), so about
 * 60 texts, the size requests had before, and a search waits behind no longer one.
 */
const textBatch = 10;
const photoChunk = 256;

export interface TagServiceOptions {
  db: Database.Database;
  embeddings: EmbeddingService;
  /**
   * The catalog's calibration for a model, the prior of [Note: Tag calibration] (null when
   * unknown: no auto-tagging then).
   */
  calibration: (modelId: string) => TaggingCalibration | null;
  /** Languages the model's text tower serves ("*" = broadly multilingual). */
  modelLanguages: (modelId: string) => readonly string[];
  /** The user's language (tag names shown, prompts embedded). */
  language: () => TagLanguage;
  /** Called after tags of these photos changed by the user (XMP writing listens). */
  onAccepted?: (photoIds: readonly number[]) => Promise<void>;
  /** Every decision is also written here (see [Note: Database recovery]). */
  journal?: (entry: TagDecision) => void;
  /** The pipeline's pause switch ([Note: Pipeline]). */
  gate?: PauseGate;
  /** Progress of the tagging stage, with the pipeline's one rate/ETA meter. */
  onProgress?: (progress: Progress) => void;
}

export interface ShownTag {
  /** What to show, in the user's language. */
  name: string;
  /** The stored name: a concept id for vocabulary tags, the user's text otherwise. */
  key: string;
  score: number | null;
  source: 'auto' | 'user';
  state: PhotoTagRow['state'];
}

export interface ZeroShotPreview {
  text: string;
  /** `rejected`: the user excluded this photo from this tag before (shown, not pre-chosen). */
  matches: { photoId: number; score: number; rejected: boolean }[];
}

/** What adding a typed tag did, and the translations the user may pick instead. */
export interface AddedTag {
  key: string;
  translations: { key: string; name: string }[];
}

export class TagService {
  readonly store: TagStore;
  readonly #statistics: TagStatistics;
  readonly #runs = new CoalescedRun(() => this.#drain());
  #stopped = false;
  readonly #abort = new AbortController();

  constructor(private readonly options: TagServiceOptions) {
    this.store = new TagStore(options.db);
    this.#statistics = new TagStatistics(options.db);
  }

  /** Suggests tags for every embedded photo not yet tagged by the search model. */
  run(): Promise<void> {
    return this.#runs.run();
  }

  /** Starts no more tagging; resolves when the current run has ended. */
  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#runs.dispose();
  }

  async #drain(): Promise<void> {
    const model = this.options.embeddings.searchModel();
    if (!model) return;
    const calibration = this.options.calibration(model.id);
    if (!calibration) return;
    const concepts = this.#statistics.current(
      model.index,
      await this.conceptVectors(model),
      calibration,
    );
    // New statistics judge every photo anew ([Note: Tag calibration]).
    if (concepts.refreshed) this.store.jobs(model.id).forgetDone();
    const meter = new ProgressMeter();
    // What is left is counted once per run: counting vectors reads the whole vector table.
    const vectors = this.options.embeddings.models().find((m) => m.id === model.id)?.vectors ?? 0;
    const left = Math.max(0, vectors - this.store.jobs(model.id).countDone());
    let done = 0;
    for (;;) {
      await this.options.gate?.pass('tag', this.#abort.signal);
      if (this.#isStopped()) return;
      const batch = this.store.untagged(model.index, photoChunk);
      if (batch.length === 0) {
        // Nothing left: the run says it is over, also when fewer were left than counted.
        if (done > 0) this.options.onProgress?.(meter.progress(done, done));
        return;
      }
      this.store.suggest(
        model.id,
        batch.map(({ photoId, vector }) => ({
          photoId,
          tags: suggestionsFor(vector, concepts.vocabulary),
        })),
      );
      done += batch.length;
      meter.tick(batch.length);
      this.options.onProgress?.(meter.progress(done, left));
      // Let queries and UI calls in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Journals a decision on one photo, keyed by its content fingerprint. */
  #record(
    photoId: number,
    entry: { op: 'accept' | 'reject' | 'add' | 'drop'; name: string; source?: 'auto' | 'user' },
  ): void {
    const fingerprint = this.store.fingerprintOf(photoId);
    if (fingerprint) this.options.journal?.({ ...entry, fingerprint });
  }

  /** Applies journaled decisions again (after a database was restored or rebuilt). */
  replay(entries: readonly TagDecision[]): void {
    for (const e of entries) {
      if (e.op === 'rename') this.store.rename(e.from, e.to);
      else if (e.op === 'remove') this.store.remove(e.name);
      else if (e.op === 'review') this.store.review(e.name, e.accept);
      else if (e.op === 'acceptSuggestions')
        this.store.acceptSuggestions(e.fingerprints.flatMap((f) => this.store.photoIdOf(f) ?? []));
      else {
        const id = this.store.photoIdOf(e.fingerprint);
        if (id === null) continue;
        if (e.op === 'reject') this.store.reject(id, e.name);
        else if (e.op === 'drop') this.store.dropUserTag(id, e.name);
        else this.store.accept(id, e.name, e.op === 'add' ? (e.source ?? 'user') : 'user');
      }
    }
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  /** The languages whose prompts describe a concept for this model. */
  #promptLanguages(modelId: string): TagLanguage[] {
    const lang = this.options.language();
    const served = this.options.modelLanguages(modelId);
    const serves = (l: string) => served.includes('*') || served.includes(l);
    return lang !== 'en' && serves(lang) ? ['en', lang] : ['en'];
  }

  /** Every vocabulary concept's vector for this model (cached per model and language). */
  async conceptVectors(model: SearchModel): Promise<{ id: string; vector: Float32Array }[]> {
    const perLanguage = await Promise.all(
      this.#promptLanguages(model.id).map((lang) => this.#languageVectors(model, lang)),
    );
    return vocabulary.tags.map((c, i) => ({
      id: c.id,
      vector: meanDirection(
        perLanguage.map((vectors) => vectors[i]),
        model.dimension,
      ),
    }));
  }

  async #languageVectors(model: SearchModel, lang: TagLanguage): Promise<Float32Array[]> {
    const prompts = vocabulary.tags.map((c) => promptsFor(c, lang));
    const out: (Float32Array | null)[] = vocabulary.tags.map((c, i) =>
      this.store.cachedVector(model.id, lang, c.id, JSON.stringify(prompts[i])),
    );
    const missing = vocabulary.tags.flatMap((c, i) => (out[i] ? [] : [{ c, i }]));
    for (let start = 0; start < missing.length; start += textBatch) {
      const chunk = missing.slice(start, start + textBatch);
      const texts = chunk.flatMap(({ i }) => prompts[i] ?? []);
      // Each prompt in its own language: NLLB towers read it from the first token.
      const vectors = await this.options.embeddings.embedTexts(
        model,
        texts,
        texts.map(() => lang),
      );
      let at = 0;
      const fresh: { tag: string; prompts: string; vector: Float32Array }[] = [];
      for (const { c, i } of chunk) {
        const n = prompts[i]?.length ?? 0;
        out[i] = meanDirection(vectors.slice(at, at + n), model.dimension);
        at += n;
        fresh.push({ tag: c.id, prompts: JSON.stringify(prompts[i]), vector: out[i] });
      }
      this.store.cacheVectors(model.id, lang, fresh);
    }
    return out.map((v) => v ?? new Float32Array(model.dimension));
  }

  /** A photo's tags, in the user's language; suggestions and accepted first, rejected left out. */
  photoTags(photoId: number, lang: TagLanguage = this.options.language()): ShownTag[] {
    return this.store
      .photoTags(photoId)
      .filter((t) => t.state !== 'rejected')
      .map((t) => ({
        name: t.source === 'auto' ? displayName(t.name, lang) : t.name,
        key: t.name,
        score: t.score,
        source: t.source === 'auto' ? 'auto' : 'user',
        state: t.state,
      }));
  }

  /** Tag names a typed name may refer to: itself and the concepts it names in any language. */
  resolve(name: string): string[] {
    return [name, ...conceptsNamed(name)];
  }

  /** The stored name for what the user typed: a vocabulary concept if it names one, else their text. */
  #keyFor(name: string): string {
    const trimmed = name.trim().normalize('NFC');
    return conceptsNamed(trimmed)[0] ?? trimmed;
  }

  async accept(photoId: number, name: string): Promise<void> {
    const key = this.#keyFor(name);
    this.#record(photoId, { op: 'accept', name: key });
    if (this.store.accept(photoId, key)) await this.options.onAccepted?.([photoId]);
  }

  reject(photoId: number, name: string): void {
    const key = this.#keyFor(name);
    this.#record(photoId, { op: 'reject', name: key });
    this.store.reject(photoId, key);
  }

  /**
   * A tag of the user's own, kept as typed (see [Note: Tags as typed]): it joins a vocabulary
   * concept when it is the concept's name in the UI language, or when the user picked that
   * concept (`concept`) among the translations offered; picking replaces the typed tag.
   */
  async add(
    photoId: number,
    name: string,
    options: { lang?: TagLanguage; concept?: string } = {},
  ): Promise<AddedTag> {
    const typed = name.trim().normalize('NFC');
    const lang = options.lang ?? this.options.language();
    if (options.concept !== undefined) {
      if (!conceptsNamed(typed).includes(options.concept))
        throw new AppFailure(
          'invalid-argument',
          `"${typed}" does not name the tag "${options.concept}"; add it as typed, or pick one of the translations offered.`,
        );
      this.#record(photoId, { op: 'drop', name: typed });
      this.store.dropUserTag(photoId, typed);
      this.#record(photoId, { op: 'add', name: options.concept, source: 'auto' });
      if (this.store.accept(photoId, options.concept, 'auto'))
        await this.options.onAccepted?.([photoId]);
      return { key: options.concept, translations: [] };
    }
    const concept = conceptsNamedIn(typed, lang)[0];
    const key = concept ?? typed;
    const source = concept ? 'auto' : 'user';
    this.#record(photoId, { op: 'add', name: key, source });
    if (this.store.accept(photoId, key, source)) await this.options.onAccepted?.([photoId]);
    return { key, translations: concept ? [] : translationsOf(typed, lang) };
  }

  /** The open suggestions of a tag, most confident first, for review photo by photo. */
  suggestions(name: string): { photoId: number; score: number | null }[] {
    return this.store.suggestionsOf(this.#keyFor(name));
  }

  /**
   * Reviews a tag's suggestions photo by photo: `accept` become accepted, `reject` rejected
   * (remembered as the user's decision, never suggested again), the rest stay open.
   */
  async reviewPhotos(
    name: string,
    accept: readonly number[],
    reject: readonly number[],
  ): Promise<{ accepted: number; rejected: number }> {
    const key = this.#keyFor(name);
    const open = new Set(this.store.suggestedPhotos(key));
    const toAccept = accept.filter((id) => open.has(id));
    for (const id of toAccept) this.#record(id, { op: 'accept', name: key });
    for (const id of reject) this.#record(id, { op: 'reject', name: key });
    const accepted = this.store.acceptOnly(key, toAccept);
    this.store.rejectAll(key, reject);
    if (accepted > 0) await this.options.onAccepted?.(toAccept);
    return { accepted, rejected: reject.length };
  }

  /** Accepts (or rejects) every open suggestion of a tag at once. */
  async review(name: string, accept: boolean): Promise<number> {
    const key = this.#keyFor(name);
    const photos = this.store.suggestedPhotos(key);
    this.options.journal?.({ op: 'review', name: key, accept });
    const n = this.store.review(key, accept);
    if (accept && n > 0) await this.options.onAccepted?.(photos);
    return n;
  }

  rename(from: string, to: string): number {
    const entry = {
      op: 'rename' as const,
      from: this.#keyFor(from),
      to: to.trim().normalize('NFC'),
    };
    this.options.journal?.(entry);
    return this.store.rename(entry.from, entry.to);
  }

  remove(name: string): number {
    const key = this.#keyFor(name);
    this.options.journal?.({ op: 'remove', name: key });
    return this.store.remove(key);
  }

  /** Accepts every open suggestion of these photos (what `fotoglot tag` does). */
  async acceptSuggestions(photoIds: readonly number[]): Promise<number> {
    this.options.journal?.({
      op: 'acceptSuggestions',
      fingerprints: photoIds.flatMap((id) => this.store.fingerprintOf(id) ?? []),
    });
    const n = this.store.acceptSuggestions(photoIds);
    if (n > 0) await this.options.onAccepted?.(photoIds);
    return n;
  }

  /** Every tag with counts and a cover photo, named in the user's language. */
  list(lang: TagLanguage = this.options.language()) {
    return this.store.counts().map((t) => ({ ...t, key: t.name, name: displayName(t.name, lang) }));
  }

  /**
   * A user-defined zero-shot tag: the photos that look like `text` ("Omas Garten"), cut where
   * relevance ends the same way search does. Nothing is tagged until `applyZeroShot`.
   */
  async previewZeroShot(text: string, limit = 500): Promise<ZeroShotPreview> {
    const model = this.options.embeddings.searchModel();
    if (!model) return { text, matches: [] };
    // Embedded as search embeds a query ([Note: Prompt ensembles]), so both rank alike.
    const vector = await this.options.embeddings.embedText(
      model,
      text,
      queryLanguage(text, this.options.language()),
    );
    if (!vector.some((v) => v !== 0)) return { text, matches: [] };
    // Only photos in the library: not those set aside with a removed folder or gone from disk.
    // Exact distances (no sign-bit pass): the preview lists more photos than that pass re-scores.
    const rows = model.index
      .rank(vector, {
        where: photoListed,
        limit: Math.max(limit, 2000),
      })
      .map(({ photoId, distance }) => ({ photoId, score: 1 - distance }));
    // Judged against the library's background for these words, as search judges a query.
    const background = model.index.sampleScores(vector, { where: photoListed, size: 256 });
    const n = relevantCount({ ranked: rows.map((r) => r.score), background });
    const rejected = new Set(this.store.rejectedPhotos(text.trim().normalize('NFC')));
    return {
      text,
      matches: rows
        .slice(0, Math.min(n, limit))
        .map((r) => ({ ...r, rejected: rejected.has(r.photoId) })),
    };
  }

  /**
   * Applies a user-defined tag to the photos the user kept from the preview; the ones they
   * excluded are remembered as rejected (a later preview shows them unchosen).
   */
  async applyZeroShot(
    text: string,
    photoIds: readonly number[],
    excluded: readonly number[] = [],
  ): Promise<number> {
    const key = text.trim().normalize('NFC');
    let n = 0;
    for (const id of photoIds) {
      this.#record(id, { op: 'add', name: key, source: 'user' });
      if (this.store.accept(id, key, 'user')) n++;
    }
    for (const id of excluded) this.#record(id, { op: 'reject', name: key });
    this.store.rejectAll(key, excluded);
    if (n > 0) await this.options.onAccepted?.(photoIds);
    return n;
  }
}

export type { Concept };
