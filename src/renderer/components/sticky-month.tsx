/** @file The month label pinned at the top of a month-grouped photo grid. */

/**
 * [Note: Sticky month]
 * The month pinned at the top of a month-grouped grid names the row at the top of the
 * viewport: the first row whose bottom is below the scroll offset, not the first row the
 * virtualizer rendered (that one lies up to `overscan` rows above the viewport, which showed
 * "July 2004" over December 2003). The virtualizer re-renders whenever that row changes (its
 * visible range starts there), so the label follows scrolling and timeline jumps alike. The
 * label is as tall as a month header row and drawn the same way on an opaque background, so
 * it covers the header of the month it names and thumbnails never show through it; rows
 * scrolled to are placed just below it (`scrollPaddingStart`), so after a timeline jump the
 * row under the label is the month's header and the label names that month.
 */
export function StickyMonth({
  rows,
  items,
  offset,
}: {
  /** The grid's rows: photos of a section, or a header or divider line with its label. */
  rows: readonly (
    { kind: 'photos'; section: string } | { kind: 'header' | 'divider'; label: string }
  )[];
  items: readonly { index: number; end: number }[];
  offset: number;
}) {
  const top = items.find((v) => v.end > offset) ?? items[0];
  const row = top ? rows[top.index] : undefined;
  if (!row) return null;
  return (
    <div className="grid-sticky" aria-hidden="true">
      {row.kind === 'photos' ? row.section : row.label}
    </div>
  );
}
