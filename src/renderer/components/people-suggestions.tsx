/**
 * @file "Is this Anna?": the People view's suggestions, one at a time, with the face, Yes / No
 * / Skip and the keys Y and N ([Note: Person suggestions]). "No" is remembered by the core and
 * never asked again; "Skip" only moves on (asked again next time).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonSuggestionView } from '../../shared/person-suggestion-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';
import { FaceCrop } from './face-crop';

/** How many suggestions are fetched at a time. */
const batch = 20;

export function PeopleSuggestions({
  person,
  onAnswered,
}: {
  /** Only suggestions for this person (their page); all named persons when absent. */
  person?: number;
  /** After a yes or a no: the persons changed, the view may reload its lists. */
  onAnswered?: () => void;
}) {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<PersonSuggestionView[] | null>(null);
  const { run, pending, error } = useAction();

  const load = useCallback(
    () =>
      run(async () => {
        const { suggestions } = await call('people:suggestions', {
          limit: batch,
          ...(person === undefined ? {} : { person }),
        });
        setQueue(suggestions);
      }),
    [run, person],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const current = queue?.[0];

  const answer = useCallback(
    (yes: boolean) => {
      if (!current || pending) return;
      void run(async () => {
        await call('people:answer', {
          person: current.person.id,
          faces: current.faces.map((f) => f.id),
          answer: yes ? 'yes' : 'no',
        });
        onAnswered?.();
        // A yes changes the person's faces, and so what is near them: ask the core again.
        const { suggestions } = await call('people:suggestions', {
          limit: batch,
          ...(person === undefined ? {} : { person }),
        });
        setQueue(suggestions);
      });
    },
    [current, pending, run, onAnswered, person],
  );

  const skip = useCallback(() => {
    setQueue((q) => (q ? q.slice(1) : q));
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Typing in a field (a name) is not an answer.
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'y') answer(true);
      else if (key === 'n') answer(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [answer]);

  if (queue === null) return <ActionError error={error} />;
  if (!current)
    return (
      <section className="people-suggestions" aria-labelledby="people-suggestions-heading">
        <h2 id="people-suggestions-heading">{t('peopleSuggest.heading')}</h2>
        <p className="muted">{t('peopleSuggest.none')}</p>
        <ActionError error={error} />
      </section>
    );

  const name = current.person.name;
  return (
    <section className="people-suggestions" aria-labelledby="people-suggestions-heading">
      <h2 id="people-suggestions-heading">{t('peopleSuggest.heading')}</h2>
      <p className="people-suggestions-question">
        <bdi>{t('peopleSuggest.question', { name })}</bdi>
      </p>
      <ul className="people-suggestions-faces">
        {current.faces.slice(0, 12).map((f) => (
          <li key={f.id}>
            <FaceCrop photoId={f.photoId} box={f.box} size={96} label={t('peopleSuggest.face')} />
          </li>
        ))}
      </ul>
      <p className="muted">{t('peopleSuggest.brings', { count: current.faces.length, name })}</p>
      <div className="review-actions">
        <button
          type="button"
          className="primary"
          disabled={pending}
          aria-keyshortcuts="Y"
          onClick={() => {
            answer(true);
          }}
        >
          {t('peopleSuggest.yes')}
        </button>
        <button
          type="button"
          disabled={pending}
          aria-keyshortcuts="N"
          onClick={() => {
            answer(false);
          }}
        >
          {t('peopleSuggest.no')}
        </button>
        <button type="button" disabled={pending} onClick={skip}>
          {t('peopleSuggest.skip')}
        </button>
        <span className="muted">{t('peopleSuggest.keys')}</span>
      </div>
      <ActionError error={error} />
    </section>
  );
}
