/**
 * @file One person in the People view: the cover face, the name (named in place), the photo
 * count, a check box to select it for merging; drag it onto another person to merge the two.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../shared/people-schemas';
import { FaceCrop } from './face-crop';
import { PersonNameEditor } from './person-name-editor';

/** The drag data type of a person, so drops of files or text are not taken for one. */
export const personDragType = 'application/x-fotoglot-person';

export function PersonCard({
  person,
  selected,
  onSelect,
  onOpen,
  onDropPerson,
  onChanged,
}: {
  person: PersonSummary;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onOpen: () => void;
  /** Another person was dropped on this one (its id). */
  onDropPerson: (id: number) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const name = person.name ?? t('people.unnamed');
  return (
    <li
      className={['person-card', selected ? 'selected' : '', over ? 'drop-target' : '']
        .filter(Boolean)
        .join(' ')}
      draggable
      data-person={person.id}
      onDragStart={(event) => {
        event.dataTransfer.setData(personDragType, String(person.id));
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(personDragType)) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => {
        setOver(false);
      }}
      onDrop={(event) => {
        setOver(false);
        const id = Number(event.dataTransfer.getData(personDragType));
        if (!Number.isInteger(id) || id <= 0 || id === person.id) return;
        event.preventDefault();
        onDropPerson(id);
      }}
    >
      <button type="button" className="person-open" onClick={onOpen} aria-label={name}>
        {person.coverFace ? (
          <FaceCrop photoId={person.coverFace.photoId} box={person.coverFace.box} size={120} />
        ) : (
          <span className="face-crop empty" aria-hidden="true" />
        )}
      </button>
      <input
        type="checkbox"
        className="person-select"
        checked={selected}
        aria-label={t('people.select', { name })}
        onChange={(event) => {
          onSelect(event.target.checked);
        }}
      />
      <PersonNameEditor id={person.id} name={person.name} onSaved={onChanged} />
      <span className="person-count">{t('people.photos', { count: person.photos })}</span>
    </li>
  );
}
