/**
 * @file All tags with counts in the UI language (click one to see its photos), and a tag
 * made from the user's own words: preview the matching photos, then apply.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { tagCountSchema } from '../../shared/tag-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { PhotoGrid, type GridItem } from '../components/photo-grid';
import { useAction } from '../hooks/use-action';
import { tagLanguageOf, type UiLanguage } from '../i18n/i18n';

type TagCount = z.infer<typeof tagCountSchema>;

export function TagsView({
  onShowTag,
  onOpen,
}: {
  onShowTag: (name: string) => void;
  onOpen: (items: readonly GridItem[], index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [tags, setTags] = useState<TagCount[] | null>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<GridItem[] | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const lang = tagLanguageOf(i18n.language as UiLanguage);

  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  /** The tag list and what is done to its tags (review, rename, remove). */
  const list = useAction();
  /** The user's own tag: preview, then apply. */
  const custom = useAction();
  const { run: runList } = list;

  const loadTags = useCallback(async () => {
    setTags(await call('tags:list', { lang }));
  }, [lang]);
  useEffect(() => {
    void runList(loadTags);
  }, [runList, loadTags]);
  /** Changes a tag, then shows the list as it is now. */
  const act = (change: () => Promise<unknown>) => {
    void list.run(async () => {
      await change();
      await loadTags();
    });
  };

  const runPreview = () =>
    custom.run(async () => {
      const found = await call('tags:previewCustom', { text });
      // One call for every card, not one per photo.
      const { photos } = await call('photos:cards', { ids: found.matches.map((m) => m.photoId) });
      setPreview(photos);
      setChosen(new Set(photos.map((p) => p.id)));
      setMessage(photos.length === 0 ? t('tags.noMatches') : null);
    });
  const apply = () =>
    custom.run(async () => {
      const r = await call('tags:applyCustom', { text, photoIds: [...chosen] });
      setMessage(t('tags.applied', { count: r.tagged }));
      setPreview(null);
      await loadTags();
    });

  return (
    <div className="tags-view">
      <section aria-label={t('tags.custom')} className="custom-tag">
        <h2>{t('tags.custom')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) void runPreview();
          }}
        >
          <input
            aria-label={t('tags.custom')}
            placeholder={t('tags.customPlaceholder')}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setPreview(null);
            }}
          />
          <button type="submit" disabled={custom.pending}>
            {t('tags.preview')}
          </button>
          {preview && chosen.size > 0 ? (
            <button type="button" disabled={custom.pending} onClick={() => void apply()}>
              {t('tags.apply', { count: chosen.size })}
            </button>
          ) : null}
        </form>
        {message ? <p role="status">{message}</p> : null}
        <ActionError error={custom.error} />
        {preview && preview.length > 0 ? (
          <div className="tag-preview">
            <PhotoGrid
              items={preview}
              label={t('tags.preview')}
              onOpen={(index) => {
                onOpen(preview, index);
              }}
              selected={chosen}
              onSelect={setChosen}
            />
          </div>
        ) : null}
      </section>
      <ActionError error={list.error} />
      {tags && tags.length === 0 ? <p className="empty-state">{t('tags.empty')}</p> : null}
      <ul className="tag-cloud" aria-label={t('tags.heading')}>
        {(tags ?? []).map((tag) => (
          <li key={tag.key}>
            <button
              type="button"
              onClick={() => {
                onShowTag(tag.name);
              }}
            >
              <span className="tag-name">{tag.name}</span>
              <span className="muted">
                {t('tags.counts', { accepted: tag.accepted, suggested: tag.suggested })}
              </span>
            </button>
            {tag.suggested > 0 ? (
              <span className="tag-review">
                <button
                  type="button"
                  onClick={() => {
                    act(() => call('tags:review', { name: tag.key, accept: true }));
                  }}
                >
                  {t('tags.review', { count: tag.suggested })}
                </button>
                <button
                  type="button"
                  aria-label={t('tags.rejectAll', { name: tag.name })}
                  onClick={() => {
                    act(() => call('tags:review', { name: tag.key, accept: false }));
                  }}
                >
                  ✕
                </button>
              </span>
            ) : null}
            {tag.userMade ? (
              <span className="tag-edit">
                {renaming === tag.key ? (
                  <form
                    onSubmit={(event) => {
                      event.preventDefault();
                      if (newName.trim())
                        act(() => call('tags:rename', { from: tag.key, to: newName.trim() }));
                      setRenaming(null);
                    }}
                  >
                    <input
                      aria-label={t('tags.newName')}
                      value={newName}
                      onChange={(event) => {
                        setNewName(event.target.value);
                      }}
                    />
                    <button type="submit">{t('tags.save')}</button>
                  </form>
                ) : (
                  <button
                    type="button"
                    onClick={() => {
                      setRenaming(tag.key);
                      setNewName(tag.name);
                    }}
                  >
                    {t('tags.rename', { name: tag.name })}
                  </button>
                )}
                <button
                  type="button"
                  aria-label={t('tags.delete', { name: tag.name })}
                  onClick={() => {
                    act(() => call('tags:remove', { name: tag.key }));
                  }}
                >
                  🗑
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
