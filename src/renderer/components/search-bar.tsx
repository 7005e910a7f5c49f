/**
 * @file The search box (Ctrl/Cmd+K or "/"), in any language, with the filters found in the
 * query shown as chips the user can remove.
 */
import { useEffect, useRef } from 'react';
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
        onKeyDown={(event) => {
          if (event.key === 'Escape') onQuery('');
        }}
      />
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
