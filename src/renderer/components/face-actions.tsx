/**
 * @file What can be done with faces chosen on a person's page: split them into a new person,
 * say they are not this person, move them to another (picked or typed: a new name makes a
 * new person), or use one as the cover.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';

export function FaceActions({
  personId,
  faceIds,
  names,
  onDone,
}: {
  personId: number;
  faceIds: readonly number[];
  /** The names of the persons there are, offered when moving. */
  names: readonly string[];
  /** After an action: where the faces went (a new person), or null when they stay here. */
  onDone: (movedTo: number | null) => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [moving, setMoving] = useState<string | null>(null);
  const listId = useId();
  const ids = [...faceIds];
  const act = (work: () => Promise<number | null>) =>
    void action.run(async () => {
      const to = await work();
      setMoving(null);
      onDone(to);
    });
  return (
    <div className="face-actions" role="toolbar" aria-label={t('people.faceActions')}>
      <span>{t('people.facesSelected', { count: ids.length })}</span>
      <button
        type="button"
        disabled={action.pending}
        onClick={() => {
          act(async () => (await call('people:split', { faceIds: ids })).id);
        }}
      >
        {t('people.split')}
      </button>
      <button
        type="button"
        disabled={action.pending}
        onClick={() => {
          act(async () => {
            await call('people:notThis', { faceIds: ids, person: personId });
            return null;
          });
        }}
      >
        {t('people.notThis')}
      </button>
      {ids.length === 1 ? (
        <button
          type="button"
          disabled={action.pending}
          onClick={() => {
            act(async () => {
              await call('people:cover', { person: personId, face: ids[0] ?? 0 });
              return null;
            });
          }}
        >
          {t('people.cover')}
        </button>
      ) : null}
      {moving === null ? (
        <button
          type="button"
          disabled={action.pending}
          onClick={() => {
            setMoving('');
          }}
        >
          {t('people.moveTo')}
        </button>
      ) : (
        <form
          className="move-form"
          onSubmit={(event) => {
            event.preventDefault();
            const name = moving.trim();
            if (name === '') return;
            act(async () => (await call('people:move', { faceIds: ids, name })).id);
          }}
        >
          <input
            autoFocus
            list={listId}
            aria-label={t('people.moveToLabel')}
            value={moving}
            maxLength={200}
            onChange={(event) => {
              setMoving(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setMoving(null);
            }}
          />
          <datalist id={listId}>
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <button type="submit" className="primary" disabled={moving.trim() === ''}>
            {t('people.move')}
          </button>
        </form>
      )}
      <ActionError error={action.error} />
    </div>
  );
}
