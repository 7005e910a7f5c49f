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

/** The condition over `photos p` that `filters` make (see [Note: SQL fragments]). */
export function filterCondition(
  filters: SearchFilters,
  resolveTag: TagResolver,
  resolvePerson: PersonResolver = () => [],
  resolvePlace: PlaceResolver = () => null,
): SqlFragment {
  const parts: SqlFragment[] = [sql`p.state = 'ready'`];
  const anyOf = (values: readonly string[], one: (value: string) => SqlFragment) => {
    if (values.length > 0) parts.push(sql`(${join(values.map(one), ' OR ')})`);
  };
  // A photo is listed while one of its files is present (and, with folder chips, in one of
  // them). Folder, camera and tag chips match names in their lookup tables and reach the
  // photos through an index ([Note: Filter lookups]); chips of one kind are alternatives, so
  // each kind is one `p.id IN (…)` whatever the number of chips.
  if (filters.folders.length > 0) {
    const dirs = join(
      filters.folders.map(
        (folder) =>
          sql`lower(d.path) LIKE ${contains(`/${folder}`)} ESCAPE '\\' OR lower(d.path) LIKE ${contains(`\\${folder}`)} ESCAPE '\\'`,
      ),
      ' OR ',
    );
    parts.push(
      sql`p.id IN (SELECT f.photo_id FROM files f WHERE f.missing = 0 AND f.dir IN (SELECT d.path FROM file_dirs d WHERE ${dirs}))`,
    );
  } else {
    parts.push(sql`EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.missing = 0)`);
  }
  if (filters.date) {
    parts.push(sql`p.captured_at >= ${filters.date.from} AND p.captured_at < ${filters.date.to}`);
  }
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
  return join(parts, ' AND ');
}
