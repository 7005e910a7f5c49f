/**
 * @file "Set place…": where a selection of photos was taken, stored as the user's decision
 * (`places:set`; see [Note: Photo places]). The user types a town, region or country in any
 * language and picks one of the towns `places:find` offers, or pastes a position.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceFound } from '../../shared/place-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { parsePosition } from '../position-text';
import { FormDialog } from './form-dialog';

/** A found town as people read it: "Arezzo, Toscana, Italia" (parts that repeat said once). */
export function placeLine(place: PlaceFound): string {
  const parts = [place.name, place.region, place.country];
  return parts.filter((part, i) => part && parts.indexOf(part) === i).join(', ');
}

export function SetPlaceDialog({
  photoIds,
  onClose,
}: {
  photoIds: readonly number[];
  /** Called with true once the place was set, false when the user cancelled. */
  onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<readonly PlaceFound[] | null>(null);
  const [town, setTown] = useState<number | null>(null);
  // Only the answer to the latest text counts: typing overtakes the searches before it.
  const find = useAction({ latestOnly: true });
  const save = useAction();
  const input = useRef<HTMLInputElement>(null);
  const position = parsePosition(text);

  /** Looks up what was typed; a pasted position needs no lookup. */
  const typed = (value: string) => {
    setText(value);
    setTown(null);
    if (value.trim() === '' || parsePosition(value)) {
      setFound(null);
      return;
    }
    void find
      .run(() => call('places:find', { query: value }))
      .then((places) => {
        if (places) {
          setFound(places);
          // The best match is picked at once; the user changes it if it is not the one.
          setTown(places[0]?.town ?? null);
        }
      });
  };

  const submit = async () => {
    const to = position ?? (town === null ? null : { town });
    if (!to) return;
    const done = await save.run(() => call('places:set', { ids: [...photoIds], to }));
    if (done) onClose(true);
  };

  return (
    <FormDialog
      className="set-place"
      title={t('setPlace.title', { count: photoIds.length })}
      hint={t('setPlace.hint')}
      errors={[find.error, save.error]}
      autoFocus={input}
      cancelLabel={t('setPlace.cancel')}
      saveLabel={t('setPlace.save')}
      canSave={!save.pending && (position !== null || town !== null)}
      onSubmit={() => void submit()}
      onCancel={() => {
        onClose(false);
      }}
      fields={
        <label>
          {t('setPlace.label')}
          <input
            ref={input}
            type="text"
            autoComplete="off"
            value={text}
            onChange={(event) => {
              typed(event.target.value);
            }}
          />
        </label>
      }
      extra={
        position ? (
          <p role="status" dir="ltr">
            {t('setPlace.position', {
              position: `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)}`,
            })}
          </p>
        ) : found && found.length === 0 ? (
          <p role="status">{t('setPlace.none')}</p>
        ) : found ? (
          <fieldset className="place-matches">
            <legend>{t('setPlace.matches')}</legend>
            {found.map((place) => (
              <label key={place.town}>
                <input
                  type="radio"
                  name="town"
                  checked={town === place.town}
                  onChange={() => {
                    setTown(place.town);
                  }}
                />
                {placeLine(place)}
              </label>
            ))}
          </fieldset>
        ) : null
      }
    />
  );
}
