/**
 * @file People: the persons faces were grouped into ([Note: Persons]), named ones first, then
 * unnamed ones by size; single faces and hidden persons apart, folded away. Select several and
 * Merge, or drag one onto another; both ask first, naming the persons.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../shared/people-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { MergeDialog } from '../components/merge-dialog';
import { PeopleSuggestions } from '../components/people-suggestions';
import { PersonCard } from '../components/person-card';
import { useAction } from '../hooks/use-action';
import { usePeople } from '../hooks/use-people';

/** Persons about to be merged: `ids[0]` keeps its id and name (the contract's order). */
interface PendingMerge {
  ids: number[];
}

export function PeopleView({ onOpenPerson }: { onOpenPerson: (id: number) => void }) {
  const { t } = useTranslation();
  const { lists, finding, reload, load } = usePeople();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [merging, setMerging] = useState<PendingMerge | null>(null);
  const merge = useAction();

  if (load.error && !lists) return <ActionError error={load.error} />;
  if (!lists) return null;
  const everyone = [...lists.persons, ...lists.singles, ...lists.hidden];
  const byId = new Map(everyone.map((p) => [p.id, p]));
  const nameOf = (id: number) => byId.get(id)?.name ?? t('people.unnamed');

  if (everyone.length === 0)
    return (
      <p className="empty-state" role="status">
        {finding && finding.done < finding.total
          ? t('people.finding', { done: finding.done, count: finding.total })
          : t('people.empty')}
      </p>
    );

  /** The person that keeps its id: a named one if any, else the one with the most faces. */
  const mergeOrder = (ids: readonly number[]): number[] =>
    [...ids].sort((a, b) => {
      const pa = byId.get(a);
      const pb = byId.get(b);
      return (
        Number(pb?.name != null) - Number(pa?.name != null) ||
        (pb?.faces ?? 0) - (pa?.faces ?? 0) ||
        a - b
      );
    });

  const cards = (persons: readonly PersonSummary[]) => (
    <ul className="person-list">
      {persons.map((person) => (
        <PersonCard
          key={person.id}
          person={person}
          selected={selected.has(person.id)}
          onSelect={(on) => {
            const next = new Set(selected);
            if (on) next.add(person.id);
            else next.delete(person.id);
            setSelected(next);
          }}
          onOpen={() => {
            onOpenPerson(person.id);
          }}
          // Dropped onto this person: this one keeps its id and name.
          onDropPerson={(id) => {
            setMerging({ ids: [person.id, id] });
          }}
          onChanged={() => void reload()}
        />
      ))}
    </ul>
  );

  return (
    <div className="people-view">
      <p className="view-summary" role="status">
        {t('people.count', { count: lists.persons.length })}
      </p>
      {selected.size >= 2 ? (
        <div className="people-actions" role="toolbar" aria-label={t('people.selection')}>
          <span>{t('people.selected', { count: selected.size })}</span>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setMerging({ ids: mergeOrder([...selected]) });
            }}
          >
            {t('people.mergeSelected', { count: selected.size })}
          </button>
          <button
            type="button"
            onClick={() => {
              setSelected(new Set());
            }}
          >
            {t('people.cancel')}
          </button>
        </div>
      ) : null}
      <ActionError error={merge.error} />
      {cards(lists.persons)}
      {/* Confirming look-alikes of named persons: the next step once a few are named. */}
      {lists.persons.some((p) => p.name !== null) ? (
        <PeopleSuggestions onAnswered={() => void reload()} />
      ) : null}
      {lists.singles.length > 0 ? (
        <details className="people-section">
          <summary>
            {t('people.singles')} <bdi>({lists.singles.length})</bdi>
          </summary>
          {cards(lists.singles)}
        </details>
      ) : null}
      {lists.hidden.length > 0 ? (
        <details className="people-section">
          <summary>
            {t('people.hidden')} <bdi>({lists.hidden.length})</bdi>
          </summary>
          {cards(lists.hidden)}
        </details>
      ) : null}
      {merging ? (
        <MergeDialog
          from={merging.ids.slice(1).map(nameOf)}
          into={nameOf(merging.ids[0] ?? 0)}
          onCancel={() => {
            setMerging(null);
          }}
          onConfirm={() => {
            const { ids } = merging;
            setMerging(null);
            void merge.run(async () => {
              await call('people:merge', { ids });
              setSelected(new Set());
              await reload();
            });
          }}
        />
      ) : null}
    </div>
  );
}
