/**
 * @file Search chips as one SQL condition over `photos p` (parameters bound, never spliced).
 * Chips of one kind are alternatives (tag:a tag:b = either), kinds combine (and).
 */
import type { SearchChip, SearchFilters } from '../../shared/search-schemas';
import { dateRange } from './query-parser';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Every spelling a tag filter may match (a tag in any language resolves to its concept). */
export type TagResolver = (value: string) => string[];

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
  };
}

export function filterCondition(filters: SearchFilters, resolveTag: TagResolver): SqlCondition {
  const parts: string[] = ["p.state = 'ready'"];
  const params: unknown[] = [];
  const anyOf = (values: readonly string[], one: (value: string) => string) => {
    if (values.length > 0) parts.push(`(${values.map(one).join(' OR ')})`);
  };
  // A photo is listed while one of its files is present (and, with folder chips, in one of them).
  const folderClauses = filters.folders.map((folder) => {
    params.push(contains(`/${folder}`), contains(`\\${folder}`));
    return "(lower(f.path) LIKE ? ESCAPE '\\' OR lower(f.path) LIKE ? ESCAPE '\\')";
  });
  parts.push(
    `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.missing = 0${
      folderClauses.length > 0 ? ` AND (${folderClauses.join(' OR ')})` : ''
    })`,
  );
  if (filters.date) {
    parts.push('p.captured_at >= ? AND p.captured_at < ?');
    params.push(filters.date.from, filters.date.to);
  }
  anyOf(filters.cameras, (camera) => {
    params.push(contains(camera));
    return "lower(coalesce(p.camera_make, '') || ' ' || coalesce(p.camera_model, '')) LIKE ? ESCAPE '\\'";
  });
  anyOf(filters.types, (type) => {
    params.push(type);
    return 'p.format = ?';
  });
  anyOf(filters.tags, (tag) => {
    const names = [...new Set([tag, ...resolveTag(tag)].map((n) => n.toLowerCase()))];
    params.push(JSON.stringify(names), JSON.stringify(names));
    return `(EXISTS (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id AND t.state = 'accepted' AND lower(t.name) IN (SELECT value FROM json_each(?)))
          OR EXISTS (SELECT 1 FROM json_each(p.keywords) k WHERE lower(k.value) IN (SELECT value FROM json_each(?))))`;
  });
  return { sql: parts.join(' AND '), params };
}
