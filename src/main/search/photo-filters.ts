/**
 * @file Search chips as one SQL condition over `photos p` (parameters bound, never spliced).
 * Chips of one kind are alternatives (tag:a tag:b = either), kinds combine (and); person and
 * text chips each must hold (Anna and Ben = photos with both; see [Note: Person names in queries]).
 */
import type { SearchChip, SearchFilters } from '../../shared/search-schemas';
import { join, sql, type SqlFragment } from '../db/sql';
import { dateRange } from './query-parser';
import { textCondition } from '../text/text-store';
import { exactTerm } from '../text/text-terms';
import { photoListed } from '../library/photo-query';

/** Every spelling a tag filter may match (a tag in any language resolves to its concept). */
export type TagResolver = (value: string) => string[];
/** The ids of the persons a person chip names (none: the chip matches no photo). */
export type PersonResolver = (value: string) => number[];
/** The place key a place chip stands for (`town:<id>`…), or null (the chip matches no photo). */
export type PlaceResolver = (value: string) => string | null;

const typeAliases: Record<string, string> = { jpg: 'jpeg', tif: 'tiff', heif: 'heic' };

/** LIKE pattern matching `value` literally anywhere. */
const contains = (value: string) => `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function filtersOf(chips: readonly SearchChip[]): SearchFilters {
  const of = (kind: SearchChip['kind']) => chips.filter((c) => c.kind === kind).map((c) => c.value);
  const date = chips.find((c) => c.kind === 'date');
  return {
    date: date ? dateRange(date.value) : null,
    folders: of('folder'),
    cameras: of('camera'),
    tags: of('tag'),
    types: of('type').map((t) => typeAliases[t.toLowerCase()] ?? t.toLowerCase()),
    persons: of('person'),
    places: of('place'),
    texts: of('text'),
  };
}

/**
 * The chips by what a listing does with them ([Note: Listing counts]): the folders, the dates,
 * and every other chip's condition over `photos p`.
 */
export interface FilterParts {
  /** A condition over `file_dirs d` keeping the folders the folder chips name; null: no chip. */
  folders: SqlFragment | null;
  date: { from: string; to: string } | null;
  /** Conditions over `photos p`, all of which must hold. */
  others: SqlFragment[];
}

/** The condition over `photos p` that `filters` make (see [Note: SQL fragments]). */
export function filterCondition(
  filters: SearchFilters,
  resolveTag: TagResolver,
  resolvePerson: PersonResolver = () => [],
  resolvePlace: PlaceResolver = () => null,
): SqlFragment {
  return partsCondition(filterParts(filters, resolveTag, resolvePerson, resolvePlace));
}

/** The condition over `photos p` that chips already split into FilterParts make. */
export function partsCondition({ folders, date, others }: FilterParts): SqlFragment {
  // A photo is listed while it is ready and one of its files is present (and, with folder
  // chips, in one of them): a column kept by triggers ([Note: Listing counts]).
  const parts: SqlFragment[] = [photoListed];
  if (folders) parts.push(inFolders(sql`SELECT d.path FROM file_dirs d WHERE ${folders}`));
  if (date) parts.push(inDates(date));
  return join([...parts, ...others], ' AND ');
}

/** Over `photos p`: a present file in one of the folders `dirs` (a query of paths) lists. */
export const inFolders = (dirs: SqlFragment): SqlFragment =>
  sql`p.id IN (SELECT f.photo_id FROM files f WHERE f.missing = 0 AND f.dir IN (${dirs}))`;

/** Over `photos p`: taken (local time) in `date`'s days. */
export const inDates = (date: { from: string; to: string }): SqlFragment =>
  sql`p.captured_at >= ${date.from} AND p.captured_at < ${date.to}`;

/** The chips of `filters` as FilterParts, parameters bound. */
export function filterParts(
  filters: SearchFilters,
  resolveTag: TagResolver,
  resolvePerson: PersonResolver = () => [],
  resolvePlace: PlaceResolver = () => null,
): FilterParts {
  const parts: SqlFragment[] = [];
  const anyOf = (values: readonly string[], one: (value: string) => SqlFragment) => {
    if (values.length > 0) parts.push(sql`(${join(values.map(one), ' OR ')})`);
  };
  // Folder, camera and tag chips match names in their lookup tables and reach the photos
  // through an index ([Note: Filter lookups]); chips of one kind are alternatives, so each
  // kind is one `p.id IN (…)` whatever the number of chips.
  const folders =
    filters.folders.length > 0
      ? join(
          filters.folders.map(
            (folder) =>
              sql`lower(d.path) LIKE ${contains(`/${folder}`)} ESCAPE '\\' OR lower(d.path) LIKE ${contains(`\\${folder}`)} ESCAPE '\\'`,
          ),
          ' OR ',
        )
      : null;
  if (filters.cameras.length > 0) {
    // The name shown and suggested, or the raw EXIF values ([Note: Camera names]).
    const cameras = join(
      filters.cameras.map(
        (camera) =>
          sql`lower(camera_name(nullif(c.make, ''), nullif(c.model, ''))) LIKE ${contains(camera)} ESCAPE '\\'
              OR lower(c.make || ' ' || c.model) LIKE ${contains(camera)} ESCAPE '\\'`,
      ),
      ' OR ',
    );
    // Joined in this order so each camera found is an index seek, not a scan of every photo.
    parts.push(
      sql`p.id IN (SELECT q.id FROM photo_cameras c CROSS JOIN photos q
                    ON coalesce(q.camera_make, '') = +c.make AND coalesce(q.camera_model, '') = +c.model
                   WHERE ${cameras})`,
    );
  }
  anyOf(filters.types, (type) => sql`p.format = ${type}`);
  if (filters.tags.length > 0) {
    // A tag in any language resolves to its concept's names; every chip's names are alternatives.
    const names = JSON.stringify([
      ...new Set(
        filters.tags.flatMap((tag) => [tag, ...resolveTag(tag)]).map((n) => n.toLowerCase()),
      ),
    ]);
    parts.push(
      sql`p.id IN (SELECT t.photo_id FROM json_each(${names}) n CROSS JOIN photo_tags t
                    ON lower(t.name) = n.value AND t.state = 'accepted'
                   UNION ALL
                   SELECT k.photo_id FROM json_each(${names}) n CROSS JOIN photo_keywords k ON k.keyword = n.value)`,
    );
  }
  for (const person of filters.persons) {
    const ids = JSON.stringify(resolvePerson(person));
    parts.push(
      sql`p.id IN (SELECT fp.photo_id FROM faces fp WHERE fp.person_id IN (SELECT value FROM json_each(${ids})))`,
    );
  }
  anyOf(filters.places, (value) => {
    const [kind, id] = (resolvePlace(value) ?? '').split(':');
    const column =
      kind === 'town' ? sql`pp.town` : kind === 'region' ? sql`pp.region` : sql`pp.country`;
    const typed = kind === 'country' ? (id ?? '') : Number(id);
    return kind === undefined || id === undefined || id === ''
      ? sql`0`
      : sql`p.id IN (SELECT pp.photo_id FROM photo_places pp WHERE ${column} = ${typed})`;
  });
  // Each `text:` value must be in the photo's text ([Note: Text in search]).
  for (const value of filters.texts) {
    const term = exactTerm(value);
    if (term) parts.push(textCondition(term));
  }
  return { folders, date: filters.date, others: parts };
}
