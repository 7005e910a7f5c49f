/**
 * @file All tags with counts in the UI language (click one to see its photos), and a tag
 * made from the user's own words: preview the matching photos, then apply.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { tagCountSchema } from '../../shared/tag-schemas';
import { call } from '../api/call';
import { PhotoGrid, type GridItem } from '../components/photo-grid';
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
  const act = (work: Promise<unknown>) => {
    work.then(reload).catch((e: unknown) => {
      setMessage(String(e));
    });
  };
  const reload = () => {
    call('tags:list', { lang })
      .then(setTags)
      .catch((e: unknown) => {
        setMessage(String(e));
      });
  };
  useEffect(reload, [lang]);

  const runPreview = async () => {
    const found = await call('tags:previewCustom', { text });
    const items: GridItem[] = await Promise.all(
      found.matches.map(async (m) => {
        const d = await call('photos:get', { id: m.photoId });
        return { id: d.id, path: d.path, capturedAt: d.capturedAt, placeholder: d.placeholder };
      }),
    );
    setPreview(items);
    setChosen(new Set(items.map((i) => i.id)));
    setMessage(items.length === 0 ? t('tags.noMatches') : null);
  };

  return (
    <div className="tags-view">
      <section aria-label={t('tags.custom')} className="custom-tag">
        <h2>{t('tags.custom')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim())
              void runPreview().catch((e: unknown) => {
                setMessage(String(e));
              });
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
          <button type="submit">{t('tags.preview')}</button>
          {preview && chosen.size > 0 ? (
            <button
              type="button"
              onClick={() => {
                void call('tags:applyCustom', { text, photoIds: [...chosen] }).then((r) => {
                  setMessage(t('tags.applied', { count: r.tagged }));
                  setPreview(null);
                  reload();
                });
              }}
            >
              {t('tags.apply', { count: chosen.size })}
            </button>
          ) : null}
        </form>
        {message ? <p role="status">{message}</p> : null}
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
                    act(call('tags:review', { name: tag.key, accept: true }));
                  }}
                >
                  {t('tags.review', { count: tag.suggested })}
                </button>
                <button
                  type="button"
                  aria-label={t('tags.rejectAll', { name: tag.name })}
                  onClick={() => {
                    act(call('tags:review', { name: tag.key, accept: false }));
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
                        act(call('tags:rename', { from: tag.key, to: newName.trim() }));
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
                    act(call('tags:remove', { name: tag.key }));
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
