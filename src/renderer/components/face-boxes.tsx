/**
 * @file Face boxes over the viewer's photo, each labelled with its person's name; a click opens
 * a small popover to name the face, say it is not that person, or open the person's page.
 * Boxes are fractions of the photo as displayed and sit inside the photo's frame, so they
 * follow its zoom and pan ([Note: Viewer image]).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Face } from '../../shared/people-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';

const pct = (fraction: number) => `${String(fraction * 100)}%`;

/** Names compare without case (as the core does: "anna" is Anna). */
const nameKey = (name: string) => name.trim().normalize('NFC').toLocaleLowerCase();

export function FaceBoxes({
  photoId,
  onOpenPerson,
}: {
  photoId: number;
  onOpenPerson: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [faces, setFaces] = useState<Face[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const load = useAction();
  const { run } = load;

  const reload = useCallback(
    () =>
      run(async () => {
        setFaces((await call('photos:faces', { id: photoId })).faces);
      }),
    [photoId, run],
  );
  useEffect(() => {
    void Promise.resolve().then(reload);
  }, [reload]);

  return (
    <div className="face-boxes">
      <ActionError error={load.error} />
      {faces.map((face) => {
        const name = face.personName ?? t('people.unnamed');
        const [x, y, w, h] = face.box;
        return (
          <div
            key={face.id}
            className="face-box"
            style={{ left: pct(x), top: pct(y), width: pct(w), height: pct(h) }}
          >
            <button
              type="button"
              className="face-box-button"
              aria-expanded={open === face.id}
              aria-label={t('viewer.faceOf', { name })}
              onPointerDown={(event) => {
                // A click on a box is not the start of a pan.
                event.stopPropagation();
              }}
              onClick={() => {
                setOpen(open === face.id ? null : face.id);
              }}
            />
            <span className={face.personName ? 'face-label' : 'face-label unnamed'}>
              <bdi>{name}</bdi>
            </span>
            {open === face.id ? (
              <FacePopover
                // A face low in the photo gets its popover above it, so it stays on screen.
                above={y + h > 0.55}
                face={face}
                onClose={() => {
                  setOpen(null);
                }}
                onChanged={() => {
                  setOpen(null);
                  void reload();
                }}
                onOpenPerson={onOpenPerson}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/**
 * The named persons, to offer and to match a typed name against (read when a popover opens);
 * null until read, so a typed name is never taken for a new one before the list is known.
 */
function useNamedPersons(): readonly { id: number; name: string }[] | null {
  const [persons, setPersons] = useState<{ id: number; name: string }[] | null>(null);
  useEffect(() => {
    let alive = true;
    call('people:list')
      .then((lists) => {
        if (alive)
          setPersons(
            [...lists.persons, ...lists.singles, ...lists.hidden].flatMap((p) =>
              p.name === null ? [] : [{ id: p.id, name: p.name }],
            ),
          );
      })
      // Without the list, a typed name still reaches the core, which matches it (people:move).
      .catch(() => {
        if (alive) setPersons([]);
      });
    return () => {
      alive = false;
    };
  }, []);
  return persons;
}

function FacePopover({
  above,
  face,
  onClose,
  onChanged,
  onOpenPerson,
}: {
  above: boolean;
  face: Face;
  onClose: () => void;
  onChanged: () => void;
  onOpenPerson: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(face.personName ?? '');
  const persons = useNamedPersons();
  const action = useAction();
  const listId = useId();
  const titleId = useId();

  const save = () =>
    void action.run(async () => {
      const typed = name.trim();
      if (typed === '' || typed === face.personName) {
        onClose();
        return;
      }
      const existing = persons?.find((p) => nameKey(p.name) === nameKey(typed));
      if (existing) await call('people:move', { faceIds: [face.id], person: existing.id });
      // A new name names the face's unnamed person (all its faces), else makes a new person.
      else if (face.personId !== null && face.personName === null)
        await call('people:name', { id: face.personId, name: typed });
      else await call('people:move', { faceIds: [face.id], name: typed });
      onChanged();
    });

  return (
    <div
      className={above ? 'face-popover above' : 'face-popover'}
      role="dialog"
      aria-labelledby={titleId}
      onPointerDown={(event) => {
        event.stopPropagation();
      }}
      onKeyDown={(event) => {
        // Esc closes the popover only, not the viewer under it.
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label id={titleId}>
          {t('viewer.whoIsThis')}
          <input
            autoFocus
            list={listId}
            value={name}
            maxLength={200}
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
        </label>
        <datalist id={listId}>
          {(persons ?? []).map((p) => (
            <option key={p.id} value={p.name} />
          ))}
        </datalist>
        <div className="face-popover-actions">
          <button type="submit" className="primary" disabled={action.pending || persons === null}>
            {t('viewer.saveName')}
          </button>
          {face.personId !== null ? (
            <button
              type="button"
              disabled={action.pending}
              onClick={() =>
                void action.run(async () => {
                  await call('people:notThis', {
                    faceIds: [face.id],
                    person: face.personId ?? 0,
                  });
                  onChanged();
                })
              }
            >
              {face.personName
                ? t('viewer.notPerson', { name: face.personName })
                : t('people.notThis')}
            </button>
          ) : null}
          {face.personId !== null ? (
            <button
              type="button"
              className="text-button"
              onClick={() => {
                onOpenPerson(face.personId ?? 0);
              }}
            >
              {t('viewer.openPerson')}
            </button>
          ) : null}
        </div>
      </form>
      <ActionError error={action.error} />
    </div>
  );
}
