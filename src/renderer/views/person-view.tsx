/**
 * @file A person's page (`#/people/<id>`): the name, edited in place; Hide/Show; their faces to
 * choose and correct (face-actions.tsx); faces that may be theirs to confirm
 * (people-suggestions.tsx); all their photos by date in the photo grid.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoCard } from '../../shared/library-schemas';
import type { Face } from '../../shared/people-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { FaceActions } from '../components/face-actions';
import { FaceCrop } from '../components/face-crop';
import { PeopleSuggestions } from '../components/people-suggestions';
import { PersonNameEditor } from '../components/person-name-editor';
import { PhotoGrid, type GridItem } from '../components/photo-grid';
import { useAction } from '../hooks/use-action';
import { formatDate } from '../i18n/format';
import { usePeople } from '../hooks/use-people';

export function PersonView({
  id,
  onOpen,
  onOpenPerson,
  onBack,
}: {
  id: number;
  onOpen: (items: readonly GridItem[], index: number) => void;
  onOpenPerson: (id: number) => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { lists, reload: reloadLists } = usePeople();
  const [faces, setFaces] = useState<Face[] | null>(null);
  const [photos, setPhotos] = useState<PhotoCard[]>([]);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [selectedPhotos, setSelectedPhotos] = useState<Set<number>>(new Set());
  const load = useAction();
  const hide = useAction();
  const { run } = load;

  const reload = useCallback(async () => {
    await run(async () => {
      const [f, p] = await Promise.all([
        call('people:faces', { id }),
        call('people:photos', { id }),
      ]);
      setFaces(f.faces);
      setPhotos(p.photos);
    });
    await reloadLists();
  }, [id, run, reloadLists]);

  useEffect(() => {
    void Promise.resolve().then(reload);
  }, [reload]);

  const person = useMemo(
    () =>
      (lists ? [...lists.persons, ...lists.singles, ...lists.hidden] : []).find((p) => p.id === id),
    [lists, id],
  );
  const names = useMemo(
    () =>
      (lists ? [...lists.persons, ...lists.singles, ...lists.hidden] : []).flatMap((p) =>
        p.name === null || p.id === id ? [] : [p.name],
      ),
    [lists, id],
  );

  const back = (
    <button type="button" className="text-button" onClick={onBack}>
      {t('people.back')}
    </button>
  );
  if (load.error?.code === 'not-found' || (lists && !person && faces !== null))
    return (
      <div className="person-view">
        {back}
        <p className="empty-state" role="status">
          {t('people.gone')}
        </p>
      </div>
    );
  if (load.error) return <ActionError error={load.error} />;
  if (!person || faces === null) return null;

  return (
    <div className="person-view">
      {back}
      <div className="person-header">
        <PersonNameEditor id={person.id} name={person.name} as="h2" onSaved={() => void reload()} />
        <span className="person-count">{t('people.photos', { count: person.photos })}</span>
        <button
          type="button"
          disabled={hide.pending}
          onClick={() =>
            void hide.run(async () => {
              await call('people:hide', { id, hidden: !person.hidden });
              await reload();
            })
          }
        >
          {person.hidden ? t('people.show') : t('people.hide')}
        </button>
      </div>
      <ActionError error={hide.error} />
      <h3>{t('people.faces', { count: faces.length })}</h3>
      <ul className="face-strip" aria-label={t('people.faces', { count: faces.length })}>
        {faces.map((face, i) => (
          <li key={face.id}>
            <button
              type="button"
              className="face-choice"
              aria-pressed={chosen.has(face.id)}
              // Told apart by their photo's date too: "Face 4, 10 Feb 2018" (screen readers, tests).
              aria-label={
                face.capturedAt === null
                  ? t('people.faceNumber', { number: i + 1 })
                  : t('people.faceNumberTaken', {
                      number: i + 1,
                      date: formatDate(face.capturedAt, i18n.language, false),
                    })
              }
              onClick={() => {
                const next = new Set(chosen);
                if (next.has(face.id)) next.delete(face.id);
                else next.add(face.id);
                setChosen(next);
              }}
            >
              <FaceCrop photoId={face.photoId} box={face.box} size={88} />
              {person.cover === face.id ? (
                <span className="cover-mark">{t('people.isCover')}</span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      {chosen.size > 0 ? (
        <FaceActions
          personId={id}
          faceIds={[...chosen]}
          names={names}
          onDone={(movedTo) => {
            setChosen(new Set());
            void reload();
            if (movedTo !== null && movedTo !== id && chosen.size === faces.length)
              onOpenPerson(movedTo);
          }}
        />
      ) : null}
      {/* "Is this Anna?" for this person's look-alikes: only a named person can be asked about. */}
      {person.name !== null && !person.hidden ? (
        <PeopleSuggestions person={id} onAnswered={() => void reload()} />
      ) : null}
      <h3>{t('people.photosHeading')}</h3>
      <PhotoGrid
        items={photos}
        label={t('grid.label')}
        groupByMonth
        onOpen={(index) => {
          onOpen(photos, index);
        }}
        selected={selectedPhotos}
        onSelect={setSelectedPhotos}
      />
    </div>
  );
}
