/**
 * @file The search box (Ctrl/Cmd+K or "/"), in any language, with the filters found in the
 * query shown as chips the user can remove.
 */
import { useEffect, useRef, useState } from 'react';
import { call } from '../api/call';
import { useTranslation } from 'react-i18next';
import type { SearchChip } from '../../shared/search-schemas';
import { formatDate } from '../i18n/format';
import { completePersons } from '../person-completion';

function chipLabel(chip: SearchChip, locale: string): string {
  // A place chip's value is a key (`town:2988507`); the core names it in the UI language.
  if (chip.kind === 'place') return chip.label ?? chip.value;
  if (chip.kind !== 'date') return chip.value;
  const [from, to] = chip.value.split('..');
  if (!from || !to) return chip.text;
  const last = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const a = formatDate(`${from}T00:00:00`, locale, false);
  const b = formatDate(`${last}T00:00:00`, locale, false);
  return a === b ? a : `${a} – ${b}`;
}

const recentKey = 'fotoglot.recentSearches';

function rememberSearch(query: string): void {
  const recent = JSON.parse(localStorage.getItem(recentKey) ?? '[]') as string[];
  localStorage.setItem(
    recentKey,
    JSON.stringify([query, ...recent.filter((q) => q !== query)].slice(0, 20)),
  );
}

/** A completion offered under the search box; `person` ones complete a person's name. */
interface Suggestion {
  value: string;
  person: boolean;
}

/**
 * Completions for what is being typed: the library's persons (their names complete the end of
 * the query, see [Note: Person names in queries]), recent searches, tags, folders, cameras.
 */
function useSuggestions(query: string, freshness: number): Suggestion[] {
  const [facets, setFacets] = useState<string[]>([]);
  const [persons, setPersons] = useState<string[]>([]);
  useEffect(() => {
    void Promise.all([call('tags:list', {}), call('library:facets')])
      .then(([tags, f]) => {
        const quote = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
        setFacets([
          ...tags.map((tag) => `tag:${quote(tag.name)}`),
          ...f.folders.map((folder) => `in:${quote(folder)}`),
          ...f.cameras.map((camera) => `camera:${quote(camera)}`),
        ]);
      })
      .catch(() => undefined);
    void call('people:list')
      .then((people) => {
        setPersons(
          [...people.persons, ...people.singles].flatMap((p) => (p.name === null ? [] : [p.name])),
        );
      })
      .catch(() => undefined);
  }, [freshness]);
  const recent = JSON.parse(localStorage.getItem(recentKey) ?? '[]') as string[];
  const word = query.toLowerCase().split(/\s+/).at(-1) ?? '';
  const matching = facets.filter((f) => word.length > 0 && f.toLowerCase().includes(word));
  const plain = (value: string) => ({ value, person: false });
  const all = [
    ...completePersons(query, persons).map((value) => ({ value, person: true })),
    ...recent.filter((r) => r.toLowerCase().startsWith(query.toLowerCase())).map(plain),
    ...matching.map(plain),
  ];
  return all.filter((s, i) => all.findIndex((o) => o.value === s.value) === i).slice(0, 12);
}

export function SearchBar({
  query,
  chips,
  onQuery,
  onRemoveChip,
}: {
  query: string;
  chips: readonly SearchChip[];
  onQuery: (query: string) => void;
  onRemoveChip: (chip: SearchChip) => void;
}) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  // Read again each time the box gets focus: a person named meanwhile is offered.
  const [freshness, setFreshness] = useState(0);
  const suggestions = useSuggestions(query, freshness);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing =
        event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (
        (event.key === 'k' && (event.ctrlKey || event.metaKey)) ||
        (event.key === '/' && !typing)
      ) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <header className="top-bar">
      <input
        ref={input}
        type="search"
        role="searchbox"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(event) => {
          onQuery(event.target.value);
        }}
        list="search-suggestions"
        onFocus={() => {
          setFreshness((n) => n + 1);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onQuery('');
          if (event.key === 'Enter' && query.trim() !== '') rememberSearch(query.trim());
        }}
      />
      <datalist id="search-suggestions" aria-label={t('search.suggestions')}>
        {suggestions.map((s) => (
          <option
            key={s.value}
            value={s.value}
            {...(s.person ? { label: t('search.suggestPerson'), className: 'person' } : {})}
          />
        ))}
      </datalist>
      {chips.length > 0 ? (
        <ul className="chips" aria-label={t('search.filters')}>
          {chips.map((chip) => {
            const label = `${t(`search.chip.${chip.kind}`)}: ${chipLabel(chip, i18n.language)}`;
            return (
              <li key={`${chip.kind}:${chip.value}`} className={`chip chip-${chip.kind}`}>
                <span>{label}</span>
                <button
                  type="button"
                  aria-label={t('search.removeChip', { label })}
                  onClick={() => {
                    onRemoveChip(chip);
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </header>
  );
}
