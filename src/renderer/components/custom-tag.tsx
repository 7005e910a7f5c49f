/**
 * @file A tag made from the user's own words: preview the photos that look like the text,
 * uncheck the wrong matches, then tag the rest. Unchecked photos are not tagged and are
 * remembered as rejected (a later preview shows them unchecked).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';
import type { GridItem } from './photo-grid';
import { cardsOf, ReviewGrid } from './review-grid';

export function CustomTag({
  onApplied,
  onOpen,
}: {
  onApplied: () => Promise<void>;
  onOpen: (items: readonly GridItem[], index: number) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<GridItem[] | null>(null);
  const [kept, setKept] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const { run, pending, error } = useAction();

  const runPreview = () =>
    run(async () => {
      const found = await call('tags:previewCustom', { text });
      const photos = await cardsOf(
        found.matches.map((m) => m.photoId),
        (ids) => call('photos:cards', { ids }),
      );
      const rejected = new Set(found.matches.filter((m) => m.rejected).map((m) => m.photoId));
      setPreview(photos);
      setKept(new Set(photos.filter((p) => !rejected.has(p.id)).map((p) => p.id)));
      setMessage(photos.length === 0 ? t('tags.noMatches') : null);
    });
  const apply = () =>
    run(async () => {
      const excluded = (preview ?? []).filter((p) => !kept.has(p.id)).map((p) => p.id);
      const r = await call('tags:applyCustom', { text, photoIds: [...kept], excluded });
      setMessage(t('tags.applied', { count: r.tagged }));
      setPreview(null);
      await onApplied();
    });

  return (
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
        <button type="submit" disabled={pending}>
          {t('tags.preview')}
        </button>
        {preview && kept.size > 0 ? (
          <button type="button" className="primary" disabled={pending} onClick={() => void apply()}>
            {t('tags.apply', { count: kept.size })}
          </button>
        ) : null}
      </form>
      {message ? <p role="status">{message}</p> : null}
      <ActionError error={error} />
      {preview && preview.length > 0 ? (
        <>
          <p className="muted">{t('tags.previewHint')}</p>
          <ReviewGrid
            items={preview}
            kept={kept}
            onChange={setKept}
            label={t('tags.preview')}
            onOpen={onOpen}
          />
        </>
      ) : null}
    </section>
  );
}
