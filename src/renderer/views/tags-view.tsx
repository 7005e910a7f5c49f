/**
 * @file Every tag as a readable row: a cover photo, the name in the UI language, how many
 * photos have it and how many suggestions wait (plural forms of each language), with review
 * photo by photo, rename and delete; and a tag made from the user's own words.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { tagCountSchema } from '../../shared/tag-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { CustomTag } from '../components/custom-tag';
import type { GridItem } from '../components/photo-grid';
import { TagSuggestionsReview } from '../components/tag-suggestions-review';
import { Thumbnail } from '../components/thumbnail';
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
  const [reviewing, setReviewing] = useState<{ key: string; name: string } | null>(null);
  const lang = tagLanguageOf(i18n.language as UiLanguage);

  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  /** The tag list and what is done to its tags (review, rename, remove). */
  const list = useAction();
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

  if (reviewing)
    return (
      <div className="tags-view">
        <TagSuggestionsReview
          tag={reviewing}
          onOpen={onOpen}
          onDone={(changed) => {
            setReviewing(null);
            if (changed) void runList(loadTags);
          }}
        />
      </div>
    );

  return (
    <div className="tags-view">
      <CustomTag onApplied={loadTags} onOpen={onOpen} />
      <ActionError error={list.error} />
      <h2>{t('tags.heading')}</h2>
      {tags && tags.length === 0 ? <p className="empty-state">{t('tags.empty')}</p> : null}
      <ul className="tag-rows" aria-label={t('tags.heading')}>
        {(tags ?? []).map((tag) => (
          <li key={tag.key} className="tag-row">
            <button
              type="button"
              className="tag-open"
              onClick={() => {
                onShowTag(tag.name);
              }}
            >
              <span className="tag-cover" aria-hidden="true">
                {tag.cover !== null ? <Thumbnail id={tag.cover} placeholder={null} /> : null}
              </span>
              <span className="tag-text">
                <span className="tag-name">{tag.name}</span>
                <span className="muted">
                  {t('tags.photoCount', { count: tag.accepted })}
                  {tag.suggested > 0
                    ? ` · ${t('tags.suggestedCount', { count: tag.suggested })}`
                    : ''}
                </span>
              </span>
            </button>
            <span className="tag-actions">
              {tag.suggested > 0 ? (
                <>
                  <button
                    type="button"
                    aria-label={t('tags.reviewTag', { name: tag.name })}
                    onClick={() => {
                      setReviewing({ key: tag.key, name: tag.name });
                    }}
                  >
                    {t('tags.reviewButton')}
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
                </>
              ) : null}
              {tag.userMade ? (
                renaming === tag.key ? (
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
                  <>
                    <button
                      type="button"
                      onClick={() => {
                        setRenaming(tag.key);
                        setNewName(tag.name);
                      }}
                    >
                      {t('tags.rename', { name: tag.name })}
                    </button>
                    <button
                      type="button"
                      aria-label={t('tags.delete', { name: tag.name })}
                      onClick={() => {
                        act(() => call('tags:remove', { name: tag.key }));
                      }}
                    >
                      🗑
                    </button>
                  </>
                )
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
