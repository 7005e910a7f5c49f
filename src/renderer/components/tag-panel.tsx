/**
 * @file A photo's tags in the viewer: suggestions with confidence (accept / reject), accepted
 * tags, add in any language, kept as typed with the translation offered as a choice (see
 * [Note: Tags as typed]).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { shownTagSchema } from '../../shared/tag-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { formatPercent } from '../i18n/format';
import { tagLanguageOf, type UiLanguage } from '../i18n/i18n';
import { ActionError } from './action-error';

type ShownTag = z.infer<typeof shownTagSchema>;

export function TagPanel({ photoId }: { photoId: number }) {
  const { t, i18n } = useTranslation();
  const lang = tagLanguageOf(i18n.language as UiLanguage);
  const [tags, setTags] = useState<ShownTag[]>([]);
  const [draft, setDraft] = useState('');
  /** A tag just added as typed and the vocabulary tags it may mean instead. */
  const [offer, setOffer] = useState<{
    typed: string;
    translations: { key: string; name: string }[];
  } | null>(null);
  const { run, error } = useAction();

  const reload = useCallback(async () => {
    setTags(await call('tags:forPhoto', { photoId, lang }));
  }, [photoId, lang]);
  useEffect(() => {
    void run(reload);
  }, [run, reload]);

  const act = (channel: 'tags:accept' | 'tags:reject', name: string) =>
    run(async () => {
      await call(channel, { photoId, name });
      await reload();
    });
  const add = (name: string, concept?: string) =>
    run(async () => {
      const added = await call('tags:add', {
        photoId,
        name,
        lang,
        ...(concept ? { concept } : {}),
      });
      setOffer(
        added.translations.length > 0 ? { typed: name, translations: added.translations } : null,
      );
      await reload();
    });

  return (
    <section className="tag-panel" aria-label={t('tags.heading')}>
      <h2>{t('tags.heading')}</h2>
      {tags.length === 0 ? <p className="muted">{t('tags.none')}</p> : null}
      <ul className="tag-list">
        {tags.map((tag) => (
          <li key={tag.key} className={`tag tag-${tag.state}`}>
            <span className="tag-name">{tag.name}</span>
            {tag.state === 'suggested' ? (
              <>
                <span className="muted">
                  {t('tags.suggested')}
                  {tag.score !== null
                    ? ` · ${t('tags.confidence', { percent: formatPercent(tag.score, i18n.language) })}`
                    : ''}
                </span>
                <button
                  type="button"
                  aria-label={t('tags.accept', { name: tag.name })}
                  onClick={() => void act('tags:accept', tag.key)}
                >
                  ✓
                </button>
                <button
                  type="button"
                  aria-label={t('tags.reject', { name: tag.name })}
                  onClick={() => void act('tags:reject', tag.key)}
                >
                  ✕
                </button>
              </>
            ) : (
              <button
                type="button"
                aria-label={t('tags.reject', { name: tag.name })}
                onClick={() => void act('tags:reject', tag.key)}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="tag-add"
        onSubmit={(event) => {
          event.preventDefault();
          const name = draft.trim();
          if (!name) return;
          setDraft('');
          void add(name);
        }}
      >
        <input
          aria-label={t('tags.add')}
          placeholder={t('tags.addPlaceholder')}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
          }}
        />
        <button type="submit">{t('tags.add')}</button>
      </form>
      {offer ? (
        <div className="tag-translation" role="status">
          <span>{t('tags.addedAsTyped', { name: offer.typed })}</span>
          {offer.translations.map((tr) => (
            <button key={tr.key} type="button" onClick={() => void add(offer.typed, tr.key)}>
              {t('tags.useTranslation', { translation: tr.name })}
            </button>
          ))}
        </div>
      ) : null}
      <ActionError error={error} />
    </section>
  );
}
