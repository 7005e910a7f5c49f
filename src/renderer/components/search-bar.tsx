/**
 * @file The search box (Ctrl/Cmd+K or "/"), in any language, with the filters found in the
 * query shown as chips the user can remove.
 */
import { useEffect, useRef, useState } from 'react';
import { call } from '../api/call';
import { useTranslation } from 'react-i18next';
import type { SearchChip } from '../../shared/search-schemas';
import { formatDate } from '../i18n/format';

function chipLabel(chip: SearchChip, locale: string): string {
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

/** Completions for what is being typed: recent searches, tags, folders, cameras (as filters). */
function useSuggestions(query: string): string[] {
  const [facets, setFacets] = useState<string[]>([]);
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
  }, []);
  const recent = JSON.parse(localStorage.getItem(recentKey) ?? '[]') as string[];
  const word = query.toLowerCase().split(/\s+/).at(-1) ?? '';
  const matching = facets.filter((f) => word.length > 0 && f.toLowerCase().includes(word));
  return [
    ...recent.filter((r) => r.toLowerCase().startsWith(query.toLowerCase())),
    ...matching,
  ].slice(0, 12);
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
  const suggestions = useSuggestions(query);
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
        onKeyDown={(event) => {
          if (event.key === 'Escape') onQuery('');
          if (event.key === 'Enter' && query.trim() !== '') rememberSearch(query.trim());
        }}
      />
      <datalist id="search-suggestions" aria-label={t('search.suggestions')}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
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
