/**
 * @file The library's place names found in a search query, in any of the ten languages.
 *
 * [Note: Place names in queries]
 * A place the library has photos of is a filter, typed like any word: "Strand Italien 2019" is
 * the country Italy, the date 2019 and the meaning "Strand"; "巴黎", "Париж" and "パリ" are
 * Paris; `place:"New York"` says it explicitly. Only places with photos are looked for, by
 * every name the place database gives them (the ten UI languages, the local name, GeoNames'
 * alternate spelling, and every name of a country: "USA", "Vereinigte Staaten"), so a name
 * that is also a word is a place exactly when the user has been there, and an ambiguous name
 * resolves toward the library: "Paris" is Paris, France for a library with photos there and
 * Paris, Texas for one that has only those; with both, the one with more photos wins and the
 * chip says which ("Paris, France"). Names are matched as person names are (person-names.ts:
 * folded, whole words in spaced scripts, inside the text in Han and kana, longest first), and
 * after them, so a person called Paris is the person. Names shorter than three letters in a
 * spaced script are not looked for in plain text ("Y" is a village in France). Place chips are
 * alternatives ("Paris und Rom" = photos in either), unlike persons. A name is also found in
 * the forms a sentence gives it (place-inflections.ts): Russian cases ("в Париже", "из
 * Москвы") and Arabic prefixes ("بباريس"); the preposition before it ("в", "in", "à", "في")
 * stays in the text searched by meaning, where such words weigh nothing.
 */
import { foldName } from '../../shared/fold-name';
import { PersonNames } from './person-names';
import { placeNameForms } from './place-inflections';

/** A place the library has photos of, as the search sees it. */
export interface LibraryPlace {
  /** `country:IT`, `region:<id>` or `town:<GeoNames id>`: a place chip's value. */
  key: string;
  /** The place in the UI language with what it is in ("Paris, France"): the chip's label. */
  label: string;
  /** Every name it may be typed as. */
  names: readonly string[];
  /** Photos there: the more, the likelier a shared name means it. */
  photos: number;
}

/** A place found in the text: its chip value and label, and the typed text it replaces. */
export interface FoundPlace {
  key: string;
  label: string;
  text: string;
}

const unspaced = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]/u;

export class PlaceNames {
  /** The name matcher of persons, reused: each "person" is one place's name, its id the place's index. */
  readonly #matcher: PersonNames;
  readonly #places: readonly LibraryPlace[];
  readonly #byKey = new Map<string, LibraryPlace>();

  constructor(places: readonly LibraryPlace[]) {
    this.#places = places;
    for (const p of places) this.#byKey.set(p.key, p);
    const names = places.flatMap((p, index) =>
      [...new Set(p.names.flatMap((n) => [n, ...placeNameForms(n)]))]
        .filter((n) => unspaced.test(n) || foldName(n).length >= 3)
        .map((name) => ({ id: index + 1, name, hidden: false })),
    );
    this.#matcher = new PersonNames(names);
  }

  /** The places named in `text`, in the order typed, and the text without them. */
  extract(text: string): { text: string; found: FoundPlace[] } {
    const { text: rest, found } = this.#matcher.extract(text);
    return {
      text: rest,
      found: found.flatMap((f) => {
        const place = this.#best(this.#matcher.resolve(f.name));
        return place ? [{ key: place.key, label: place.label, text: f.text }] : [];
      }),
    };
  }

  /**
   * A `place:` value or a chip's value as a place: a key as it is (`town:2988507`), else a
   * name, resolved toward the library; null when no place of the library has that name.
   */
  resolve(value: string): LibraryPlace | null {
    const byKey = this.#byKey.get(value);
    if (byKey) return byKey;
    const folded = foldName(value);
    const ids = this.#places.flatMap((p, i) =>
      p.names.some((n) => foldName(n) === folded) ? [i + 1] : [],
    );
    return this.#best(ids);
  }

  /** The place with the most photos among `ids` (1-based indexes); ties to the first listed. */
  #best(ids: readonly number[]): LibraryPlace | null {
    let best: LibraryPlace | null = null;
    for (const id of ids) {
      const place = this.#places[id - 1];
      if (place && (!best || place.photos > best.photos)) best = place;
    }
    return best;
  }
}
