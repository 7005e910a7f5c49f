/**
 * @file Natural-language search: filters from the query (see [Note: Query filters]), the rest
 * embedded and ranked by cosine similarity in the search model's VectorIndex, cut where
 * relevance ends (see [Note: Relevance cut]).
 *
 * Ranking is two-pass (see [Note: Two-pass vector search]) and filters apply in the first
 * pass, so a filter never hides a match a global top-k would have dropped.
 *
 * [Note: Query understanding]
 * A query the active model has no meaning for must not rank the library: every photo would
 * tie, and the relevance cut would call them all relevant. The signal is the text tower's own
 * answer, not a word list: the query's embedding is the zero vector, i.e. it has no direction
 * in the model's space and cosine similarity is undefined. That is what a text tower gives
 * when every token is one it has learnt nothing for — test-tiny's `[UNK]` and non-colour
 * words embed to zero — and it needs no knowledge of a particular tokenizer or vocabulary
 * (a model that declares a vocabulary could still embed a known word to nothing). Real
 * multilingual towers map any text somewhere, so for them the relevance cut decides. The
 * answer then says `not-understood` (the UI: "The search model doesn't understand these
 * words"), no photo is relevant, and photos the filters match are "more" results. Likewise a
 * search with no usable vectors says why (search-gap.ts): no model yet, or which model the
 * photos are being embedded for — never "not embedded yet" when another model's are there.
 *
 * [Note: Text in search]
 * Words read in photos (the text stage, [Note: Text store]) answer queries two ways:
 *  - `text:wifi`, `text:"wifi password"` is a filter like `tag:`: the photo's text must hold
 *    the value, anywhere in it (substrings, any length, any script), case and accents aside.
 *  - The free words of the query are also looked for in photos' text: quoted phrases whole,
 *    other words at a word's start ("rechnung" finds "Rechnungsnummer", "the" does not find
 *    "other"; anywhere in scripts without spaces, "東京" in "東京駅"). Words under three
 *    characters (two in CJK) only count by meaning, and so do words found in the text of more
 *    than `commonShare` of the photos (at least `commonMin`) when the query has rarer ones
 *    ("the" in "the Migros receipt" would lift every sign in English); a query of common
 *    words only is answered by them.
 * Fusion: a photo whose text holds free words is a result whatever its meaning score (the
 * relevance cut does not apply to it: written words are stronger evidence than the model's
 * similarity), and ranks above the photos matched by meaning alone; among them, more of the
 * query's words first, then by meaning. "receipt Migros" lists the receipt that says MIGROS
 * first, then the other receipts by meaning. Filters (dates, people, places, tags, `text:`)
 * apply to both. Every result carries the words of its text that matched, as written
 * (`textMatches`), for the grid and the viewer. Without a search model, or for words the
 * model has no meaning for, the text hits alone are the results.
 */
import type Database from 'better-sqlite3';
import {
  searchArgsSchema,
  type SearchArgs,
  type SearchChip,
  type SearchHit,
  type SearchValue,
} from '../../shared/search-schemas';
import { all, pluck, sql, type SqlFragment } from '../db/sql';
import type { EmbeddingService, SearchModel } from '../embeddings/embedding-service';
import { photoPath } from '../library/photo-query';
import {
  filterCondition,
  filterParts,
  filtersOf,
  partsCondition,
  type FilterParts,
  type TagResolver,
} from './photo-filters';
import { listPhotos } from './photo-listing';
import { queryLanguage } from './query-language';
import { PersonNames, type NamedPerson } from './person-names';
import { PlaceNames, type LibraryPlace } from './place-names';
import { parseQuery, warmQueryParser } from './query-parser';
import { relevanceFloor } from './relevance';
import type { TextStore } from '../text/text-store';
import { exactTerm, freeTerms, type TextTerm } from '../text/text-terms';

/**
 * Ranked results looked at first (see [Note: Search without a cap]).
 *
 * [Note: Search without a cap]
 * Most queries are answered from the first `rankWindow` of the two-pass ranking: relevance
 * ends inside it, and "show more" lists from it. No number is a limit, though: when every
 * photo in the window is still relevant, windows 16 times longer are ranked from the
 * index's lists until one ends below the cut (a scene of 5,000 photos in a library of a
 * million: [Note: Vector search at scale]); when the caller wants everything (`all`) and the
 * library holds more, or the lists run out, the whole ranking is computed exactly (a scan of
 * every vector) and the cut judged on it. `total` and `more` always count the whole library, and every result can
 * be reached by paging with `offset` (the CLI and the UI page through them). The choice of
 * ranking depends only on the query and `all`, never on the page, so pages fit together.
 */
const rankWindow = 1000;
/**
 * Candidates from the first pass that are re-scored exactly ([Note: Vector search at scale]):
 * the first page and beyond; the rest of the window keeps its int8 distance (within about
 * 0.003 of the exact one, under the relevance cut's noise), as re-scoring costs a point read
 * each (0.03 ms: 1,200 of them were most of a query's time).
 */
const coarseWindow = 300;
/** Photos sampled for the query's background score distribution. */
const backgroundSample = 256;
/** A free word in the text of more than this share of the photos only counts by meaning… */
const commonShare = 0.02;
/** …once it is in at least this many ([Note: Text in search]). */
const commonMin = 25;

/** Photos whose text holds free words of the query: how many words, and which, as written. */
type TextHits = Map<number, { terms: Set<number>; words: string[] }>;

/** A photo in a ranking: its distance to the query (null unranked). */
interface Scored {
  id: number;
  distance: number | null;
}

/** A listed photo as the queries alias it, with its distance to the query (null unranked). */
interface Row extends Scored {
  path: string | null;
  capturedAt: string | null;
  placeholder: string | null;
  /** Words of its text that matched ([Note: Text in search]). */
  textMatches?: string[];
}

export class SearchService {
  constructor(
    private readonly db: Database.Database,
    private readonly embeddings: EmbeddingService,
    private readonly resolveTag: TagResolver = () => [],
    private readonly now: () => Date = () => new Date(),
    /** The app's language, for queries that do not say theirs (see query-language.ts). */
    private readonly uiLanguage: () => string = () => 'en',
    /** The library's named persons, found by name in queries ([Note: Person names in queries]). */
    private readonly namedPersons: () => readonly NamedPerson[] = () => [],
    /** The places the library has photos of ([Note: Place names in queries]). */
    private readonly libraryPlaces: () => Promise<readonly LibraryPlace[]> = () =>
      Promise.resolve([]),
    /** The text read in photos ([Note: Text in search]); null: search by meaning only. */
    private readonly text: TextStore | null = null,
  ) {}

  /** Readies what the first searches would otherwise wait for (see warmQueryParser). */
  warm(): void {
    warmQueryParser();
  }

  async search(input: SearchArgs): Promise<SearchValue> {
    const args = searchArgsSchema.parse(input);
    const persons = this.#personNames();
    const places = await this.#placeNames();
    const parsed = parseQuery(args.query, this.now(), persons, places);
    // Place chips sent back by the UI read in today's language (a key alone means nothing).
    const chips = dedupe([...args.chips, ...parsed.chips]).map((c) => {
      const place = c.kind === 'place' ? places.resolve(c.value) : null;
      return place ? { ...c, value: place.key, label: place.label } : c;
    });
    const filters = filtersOf(chips);
    const resolvePerson = (value: string) => persons.resolve(value);
    const resolvePlace = (value: string) => places.resolve(value)?.key ?? null;
    const parts = filterParts(filters, this.resolveTag, resolvePerson, resolvePlace);
    const where = partsCondition(parts);
    const base = { query: args.query, text: parsed.text, chips, filters };
    const chipTerms = filters.texts.map(exactTerm).filter((t) => t !== null);
    const free = freeTerms(parsed.text);
    const textHits = this.#textHits(free, where);

    if (parsed.text === '') {
      const { rows, total } = this.#listed(parts, args.limit, args.offset);
      return {
        ...base,
        model: null,
        results: this.#withWords(rows, chipTerms).map((r) => hit(r, true)),
        total,
        more: 0,
        notice: null,
      };
    }

    const model = this.embeddings.searchModel();
    if (!model) {
      // No meaning without a model: the photos whose text holds the words are all there is.
      const found = this.#textOnly(textHits, where, args, [...chipTerms, ...free]);
      return {
        ...base,
        model: null,
        ...found,
        more: 0,
        notice: this.embeddings.searchGap(),
      };
    }
    const language = queryLanguage(parsed.text, args.language ?? this.uiLanguage());
    const vector = await this.embeddings.embedText(model, parsed.text, language);
    if (!vector.some((v) => v !== 0)) {
      // See [Note: Query understanding]: no photo is relevant, the filtered ones are "more" —
      // unless their text holds the words ([Note: Text in search]): then those are the answer.
      if (textHits.size > 0) {
        const found = this.#textOnly(textHits, where, args, [...chipTerms, ...free]);
        const matching = pluck<number>(this.db, sql`SELECT count(*) FROM photos p WHERE ${where}`);
        return {
          ...base,
          model: model.id,
          ...found,
          more: (matching ?? 0) - found.total,
          notice: null,
        };
      }
      const listed = await this.search({ ...args, query: '', chips });
      return {
        ...listed,
        query: args.query,
        text: parsed.text,
        model: model.id,
        results: args.all ? listed.results.map((r) => ({ ...r, relevant: false })) : [],
        total: 0,
        more: listed.total,
        notice: { kind: 'not-understood', model: model.id },
      };
    }
    // Relevance is judged on the whole library, then applied to the filtered ranking.
    const unfiltered = filterCondition(filtersOf([]), this.resolveTag);
    const background = model.index.sampleScores(vector, {
      where: unfiltered,
      size: backgroundSample,
    });
    const cut = (rows: readonly Scored[]) =>
      relevanceFloor({ ranked: rows.map(scoreOf), background });
    let library = this.#rank(model, vector, unfiltered, false, rankWindow);
    if (
      library.length === 0 &&
      (pluck<number>(this.db, sql`SELECT count(*) FROM photos p WHERE ${unfiltered}`) ?? 0) > 0
    ) {
      // The active model's vectors are only starting (a switch): say which model they wait for.
      return {
        ...base,
        model: model.id,
        results: [],
        total: 0,
        more: 0,
        notice: this.embeddings.searchGap(),
      };
    }
    const inLibrary = model.index.count(unfiltered);
    let floor = cut(library);
    if (inLibrary > library.length && reachesFloor(library, floor)) {
      // Relevance goes on past the window: judge it on a longer ranking (see the Note).
      library = this.#longer(model, vector, unfiltered, false, inLibrary, floor, false);
      floor = cut(library);
    }
    let ranked = library;
    let matching = inLibrary;
    if (chips.length > 0) {
      ranked = this.#rank(model, vector, where, true, rankWindow);
      matching = model.index.count(where);
    }
    if (matching > ranked.length && (args.all || reachesFloor(ranked, floor)))
      ranked = this.#longer(model, vector, where, chips.length > 0, matching, floor, args.all);
    // Text hits first, then the rest by meaning ([Note: Text in search]).
    const boosted = this.#boosted(model, vector, where, textHits);
    const byMeaning = ranked.filter((r) => !textHits.has(r.id));
    const fused = [...boosted, ...byMeaning];
    const relevant = boosted.length + byMeaning.filter((r) => scoreOf(r) >= floor).length;
    // Text hits without a vector yet are results too.
    matching += boosted.filter((r) => r.distance === null).length;
    const reachable = args.all ? fused.length : relevant;
    const page = this.#read(
      fused.slice(args.offset, Math.min(reachable, args.offset + args.limit)),
    );
    return {
      ...base,
      model: model.id,
      results: this.#withWords(page, [...chipTerms, ...free]).map((r, i) =>
        hit(r, args.offset + i < relevant),
      ),
      total: relevant,
      more: matching - relevant,
      notice: null,
    };
  }

  /**
   * The photos among `where` whose text holds free words of the query, without the words too
   * common to tell photos apart ([Note: Text in search]).
   */
  #textHits(terms: readonly TextTerm[], where: SqlFragment): TextHits {
    if (!this.text || terms.length === 0) return new Map();
    const hits = this.text.find(terms, where, { words: false });
    const perTerm = terms.map(() => 0);
    for (const { terms: held } of hits.values())
      for (const i of held) perTerm[i] = (perTerm[i] ?? 0) + 1;
    const photos = pluck<number>(this.db, sql`SELECT count(*) FROM photos`) ?? 0;
    const limit = Math.max(commonMin, photos * commonShare);
    const common = new Set(perTerm.flatMap((n, i) => (n > limit ? [i] : [])));
    // A query of common words only ("Summe" in a library of receipts) is still answered by them.
    if (common.size === 0 || common.size === terms.length) return hits;
    for (const [id, entry] of hits) {
      for (const i of common) entry.terms.delete(i);
      if (entry.terms.size === 0) hits.delete(id);
    }
    return hits;
  }

  /** The text hits as rows, more of the query's words first, then by meaning (exact scores). */
  #boosted(model: SearchModel, vector: Float32Array, where: SqlFragment, hits: TextHits): Scored[] {
    if (hits.size === 0) return [];
    const ids = JSON.stringify([...hits.keys()]);
    const scored = this.#rank(
      model,
      vector,
      sql`${where} AND p.id IN (SELECT value FROM json_each(${ids}))`,
      true,
      null,
    );
    const unscored = this.#rowsOf(
      [...hits.keys()].filter((id) => !scored.some((r) => r.id === id)),
    );
    const held = (r: Scored) => hits.get(r.id)?.terms.size ?? 0;
    // A stable sort: equal word counts keep the meaning order (unscored last).
    return [...scored, ...unscored].sort((a, b) => held(b) - held(a));
  }

  /** Text hits alone (no model, or words without meaning), more words first, then newest. */
  #textOnly(
    hits: TextHits,
    where: SqlFragment,
    args: { limit: number; offset: number },
    terms: readonly TextTerm[],
  ): { results: SearchHit[]; total: number } {
    if (hits.size === 0) return { results: [], total: 0 };
    const held = (r: Row) => hits.get(r.id)?.terms.size ?? 0;
    const rows = this.#rowsOf([...hits.keys()], where).sort((a, b) => held(b) - held(a));
    const page = rows.slice(args.offset, args.offset + args.limit);
    return { results: this.#withWords(page, terms).map((r) => hit(r, true)), total: rows.length };
  }

  /**
   * A page of the photos the chips keep, newest first, and how many they keep
   * ([Note: Listing counts]); their paths looked up for the page only.
   */
  #listed(parts: FilterParts, limit: number, offset: number): { rows: Row[]; total: number } {
    const { ids, total } = listPhotos(this.db, parts, limit, offset);
    return { rows: this.#rowsOf(ids), total };
  }

  /** Rows of these photos (among `where`), newest first, without a distance. */
  #rowsOf(ids: readonly number[], where: SqlFragment = sql`1`): Row[] {
    if (ids.length === 0) return [];
    return all<Row>(
      this.db,
      sql`SELECT p.id, ${photoPath} AS path, p.captured_at AS capturedAt, p.placeholder, NULL AS distance
            FROM json_each(${JSON.stringify(ids)}) c CROSS JOIN photos p ON p.id = c.value WHERE ${where}
           ORDER BY p.captured_at_utc DESC, p.id DESC`,
    );
  }

  /** `rows` with the words of their text that `terms` matched. */
  #withWords(rows: readonly Row[], terms: readonly TextTerm[]): Row[] {
    if (!this.text || terms.length === 0 || rows.length === 0) return [...rows];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const found = this.text.find(terms, sql`p.id IN (SELECT value FROM json_each(${ids}))`);
    return rows.map((r) => ({ ...r, textMatches: found.get(r.id)?.words ?? [] }));
  }

  #names: { key: string; names: PersonNames } | null = null;
  #places: { key: string; names: PlaceNames } | null = null;

  /** The library's place names, prepared once until its places or the language change. */
  async #placeNames(): Promise<PlaceNames> {
    const list = await this.libraryPlaces();
    const key = JSON.stringify(list.map((p) => [p.key, p.label, p.photos]));
    if (this.#places?.key !== key) this.#places = { key, names: new PlaceNames(list) };
    return this.#places.names;
  }

  /** The library's person names, prepared once until a person is named, renamed or hidden. */
  #personNames(): PersonNames {
    const list = this.namedPersons();
    const key = JSON.stringify(list);
    if (this.#names?.key !== key) this.#names = { key, names: new PersonNames(list) };
    return this.#names.names;
  }

  /**
   * A ranking that goes past the relevance floor: windows 16 times longer each, from the
   * index's lists, until one ends below `floor` (see [Note: Search without a cap] and
   * [Note: Vector search at scale]); the exact ranking of every photo when the caller wants
   * them all, when a window would cover the library, or without lists.
   */
  #longer(
    model: SearchModel,
    vector: Float32Array,
    where: SqlFragment,
    filtered: boolean,
    matching: number,
    floor: number,
    everything: boolean,
  ): Scored[] {
    if (!everything && model.index.lists.ready()) {
      // ×16: each window costs one scan of the probed cells, whatever its length. The last
      // one holds every matching photo (a chip's 10,000 photos at 1M: their int8 codes ranked,
      // the head re-scored) rather than an exact scan reading each one's vec0 chunk.
      for (let window = rankWindow * 16; ; window *= 16) {
        const length = Math.min(window, matching);
        const rows = this.#rank(model, vector, where, filtered, length);
        if (!reachesFloor(rows, floor) || rows.length >= matching) return rows;
        if (rows.length < length || length === matching) break; // the probed cells ran out
      }
    }
    return this.#rank(model, vector, where, filtered, null);
  }

  /**
   * The photos matching `where`, most similar first (see [Note: Two-pass vector search]): the
   * first `limit`, or with null every one. Without filters the first pass reads the bit table alone; the conditions every listed
   * photo must meet (processed, a file present) apply to the re-scored candidates. Distances
   * only: a ranking may be 16,000 photos long to judge relevance, and only a page is shown.
   */
  #rank(
    model: SearchModel,
    vector: Float32Array,
    where: SqlFragment,
    filtered: boolean,
    limit: number | null,
  ): Scored[] {
    const ranked = model.index.rank(
      vector,
      limit === null
        ? { where } // every photo, exact: see [Note: Search without a cap]
        : {
            where,
            limit,
            coarse: { candidates: coarseWindow, narrowing: filtered, prefetch: rankWindow * 16 },
          },
    );
    return ranked.map(({ photoId, distance }) => ({ id: photoId, distance }));
  }

  /** The columns shown for a page of a ranking, in its order. */
  #read(page: readonly Scored[]): Row[] {
    const rows = all<Omit<Row, 'distance'>>(
      this.db,
      sql`SELECT p.id, ${photoPath} AS path, p.captured_at AS capturedAt, p.placeholder
            FROM json_each(${JSON.stringify(page.map((r) => r.id))}) c JOIN photos p ON p.id = c.value`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return page.flatMap(({ id, distance }) => {
      const row = byId.get(id);
      return row ? [{ ...row, distance }] : [];
    });
  }
}

const scoreOf = (r: Scored) => 1 - (r.distance ?? 1);

/** Whether the last of `rows` is still relevant: the ranking may go on above `floor`. */
const reachesFloor = (rows: readonly Scored[], floor: number) => {
  const last = rows.at(-1);
  return last !== undefined && scoreOf(last) >= floor;
};

function hit(row: Row, relevant: boolean): SearchHit {
  const score = row.distance === null ? null : Math.round((1 - row.distance) * 1e4) / 1e4;
  return {
    id: row.id,
    path: row.path,
    score: score !== null && Number.isFinite(score) ? score : null,
    capturedAt: row.capturedAt,
    relevant,
    placeholder: row.placeholder,
    textMatches: row.textMatches ?? [],
  };
}

function dedupe(chips: readonly SearchChip[]): SearchChip[] {
  const seen = new Set<string>();
  return chips.filter((c) => {
    const key = `${c.kind}\n${c.value.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
