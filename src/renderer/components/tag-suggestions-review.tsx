/**
 * @file One tag's suggestions, reviewed photo by photo: every suggested photo is kept by
 * default; the user unchecks the wrong ones, then accepts the rest. The unchecked ones are
 * rejected, a decision that is remembered (never suggested again).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';
import type { GridItem } from './photo-grid';
import { cardsOf, ReviewGrid } from './review-grid';

export function TagSuggestionsReview({
  tag,
  onDone,
  onOpen,
}: {
  /** The tag's stored key and its name as shown. */
  tag: { key: string; name: string };
  /** Closes the review; `changed` when something was accepted or rejected. */
  onDone: (changed: boolean) => void;
  onOpen: (items: readonly GridItem[], index: number) => void;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<GridItem[] | null>(null);
  const [kept, setKept] = useState<Set<number>>(new Set());
  const { run, pending, error } = useAction();

  useEffect(() => {
    void run(async () => {
      const { photos } = await call('tags:suggestions', { name: tag.key });
      const cards = await cardsOf(
        photos.map((p) => p.photoId),
        (ids) => call('photos:cards', { ids }),
      );
      setItems(cards);
      setKept(new Set(cards.map((c) => c.id)));
    });
  }, [run, tag.key]);

  const excluded = (items ?? []).filter((i) => !kept.has(i.id)).map((i) => i.id);
  const confirm = () =>
    run(async () => {
      await call('tags:reviewPhotos', { name: tag.key, accept: [...kept], reject: excluded });
      onDone(true);
    });

  return (
    <section className="tag-suggestions-review" aria-labelledby="tag-review-heading">
      <h2 id="tag-review-heading">{t('tags.reviewHeading', { name: tag.name })}</h2>
      <p className="muted">{t('tags.reviewHint', { name: tag.name })}</p>
      <div className="review-actions">
        <button
          type="button"
          className="primary"
          disabled={pending || items === null || (kept.size === 0 && excluded.length === 0)}
          onClick={() => void confirm()}
        >
          {kept.size > 0
            ? t('tags.acceptKept', { count: kept.size })
            : t('tags.rejectExcluded', { count: excluded.length })}
        </button>
        <button
          type="button"
          onClick={() => {
            onDone(false);
          }}
        >
          {t('tags.cancel')}
        </button>
        {excluded.length > 0 && kept.size > 0 ? (
          <span className="muted" role="status">
            {t('tags.willReject', { count: excluded.length })}
          </span>
        ) : null}
      </div>
      <ActionError error={error} />
      {items ? (
        <ReviewGrid
          items={items}
          kept={kept}
          onChange={setKept}
          label={t('tags.reviewHeading', { name: tag.name })}
          onOpen={onOpen}
        />
      ) : null}
    </section>
  );
}
