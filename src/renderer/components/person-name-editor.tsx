/**
 * @file Naming a person in place: the name (or "Unnamed") with a button that turns it into a
 * text field; Enter saves, Esc cancels, an empty field takes the name away.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';

export function PersonNameEditor({
  id,
  name,
  onSaved,
  as: Tag = 'span',
}: {
  id: number;
  name: string | null;
  onSaved: () => void;
  /** The element the name is shown in (a heading on the person's page). */
  as?: 'span' | 'h2';
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const save = useAction();

  if (editing === null)
    return (
      <span className="person-name">
        <Tag className={name ? 'name' : 'name unnamed'}>
          <bdi>{name ?? t('people.unnamed')}</bdi>
        </Tag>
        <button
          type="button"
          className="text-button"
          onClick={() => {
            setEditing(name ?? '');
          }}
        >
          {name ? t('people.rename') : t('people.addName')}
        </button>
        <ActionError error={save.error} />
      </span>
    );
  const submit = async () => {
    const next = editing.trim() === '' ? null : editing;
    // Nothing to forget about an unnamed person left unnamed.
    if (next === null && name === null) {
      setEditing(null);
      return;
    }
    const done = await save.run(() => call('people:name', { id, name: next }));
    if (done) {
      setEditing(null);
      onSaved();
    }
  };
  return (
    <span className="person-name">
      <input
        // The user just asked to type: the field takes the focus.
        autoFocus
        aria-label={t('people.nameLabel')}
        value={editing}
        maxLength={200}
        disabled={save.pending}
        onChange={(event) => {
          setEditing(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            setEditing(null);
          }
        }}
      />
      <ActionError error={save.error} />
    </span>
  );
}
