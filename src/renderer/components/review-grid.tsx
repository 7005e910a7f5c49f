/**
 * @file Photos to review before something is done to all of them (a tag's suggestions, the
 * matches of a tag made from text): each with a visible "keep" check box; unchecked photos are
 * dimmed and crossed out, so what will happen to each is plain before the user confirms.
 */
import { useTranslation } from 'react-i18next';
import { fileName } from '../file-name';
import type { GridItem } from './photo-grid';
import { Thumbnail } from './thumbnail';

export function ReviewGrid({
  items,
  kept,
  onChange,
  label,
  onOpen,
}: {
  items: readonly GridItem[];
  /** The ids the user keeps; the others are excluded. */
  kept: ReadonlySet<number>;
  onChange: (kept: Set<number>) => void;
  label: string;
  /** Opens a photo large (in the viewer), to judge it. */
  onOpen?: (items: readonly GridItem[], index: number) => void;
}) {
  const { t } = useTranslation();
  const toggle = (id: number, keep: boolean) => {
    const next = new Set(kept);
    if (keep) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <ul className="review-grid" aria-label={label}>
      {items.map((item, index) => {
        const name = fileName(item.path);
        const keep = kept.has(item.id);
        return (
          <li key={item.id} className={keep ? 'review-item' : 'review-item excluded'}>
            <label>
              <Thumbnail id={item.id} placeholder={item.placeholder} />
              <span className="review-check">
                <input
                  type="checkbox"
                  checked={keep}
                  aria-label={t('tags.keepPhoto', { name })}
                  onChange={(event) => {
                    toggle(item.id, event.target.checked);
                  }}
                />
                <bdi className="review-name" dir="ltr">
                  {name}
                </bdi>
              </span>
            </label>
            {onOpen ? (
              <button
                type="button"
                className="review-open"
                aria-label={t('tags.openPhoto', { name })}
                onClick={() => {
                  onOpen(items, index);
                }}
              >
                ⤢
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Cards for many photo ids, in order (`photos:cards` takes at most 1000 ids a call). */
export async function cardsOf(
  ids: readonly number[],
  cards: (ids: number[]) => Promise<{ photos: GridItem[] }>,
): Promise<GridItem[]> {
  const out: GridItem[] = [];
  for (let start = 0; start < ids.length; start += 1000)
    out.push(...(await cards(ids.slice(start, start + 1000))).photos);
  return out;
}
