/**
 * @file The photo grid: square thumbnails in rows, virtualized (TanStack Virtual) so only
 * the rows on screen exist in the DOM, with month headers or a "less relevant" line,
 * keyboard navigation (arrows, Home/End, PageUp/PageDown, Enter, Space, Esc) and
 * multi-select (click, Shift+click, Ctrl/Cmd+click).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { fileName } from '../file-name';
import { formatDate, formatMonth } from '../i18n/format';
import { StickyMonth } from './sticky-month';
import { Thumbnail } from './thumbnail';

export interface GridItem {
  id: number;
  path: string | null;
  capturedAt: string | null;
  placeholder: string | null;
  /** Words of the photo's text a search matched, shown on the tile ([Note: Text in search]). */
  textMatches?: readonly string[];
}

type Row =
  | { kind: 'header'; label: string }
  | { kind: 'divider'; label: string }
  | { kind: 'photos'; start: number; end: number; section: string };

const cell = 168;
const gap = 6;
const headerHeight = 44;

/** Room left below the last row while the selection bar floats over the bottom of the grid. */
const selectionBarRoom = 96;

export function PhotoGrid({
  items,
  label,
  groupByMonth = false,
  lessRelevantFrom,
  onOpen,
  selected,
  onSelect,
}: {
  items: readonly GridItem[];
  label: string;
  groupByMonth?: boolean;
  /** Index of the first result below the relevance cut (a labelled line is drawn before it). */
  lessRelevantFrom?: number;
  onOpen: (index: number) => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: Set<number>) => void;
}) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [focus, setFocus] = useState(0);
  const anchor = useRef(0);
  /** Drag-select: where the pointer went down, and the band drawn so far (client coordinates). */
  const dragStart = useRef<{ x: number; y: number; base: Set<number> } | null>(null);
  const [band, setBand] = useState<{
    left: number;
    top: number;
    width: number;
    height: number;
  } | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      setWidth(el.clientWidth);
    });
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => {
      observer.disconnect();
    };
  }, []);
  const columns = Math.max(1, Math.floor((width - gap) / (cell + gap)));

  const { rows, rowOfItem, years } = useMemo(() => {
    const out: Row[] = [];
    const rowOf: number[] = [];
    let section = label;
    const pushPhotos = (from: number, to: number) => {
      for (let s = from; s < to; s += columns) {
        const end = Math.min(to, s + columns);
        for (let i = s; i < end; i++) rowOf[i] = out.length;
        out.push({ kind: 'photos', start: s, end, section });
      }
    };
    // Sections: months (library) or relevant / less relevant (search).
    const breaks: { at: number; row: Row }[] = [];
    if (groupByMonth) {
      let month = '';
      items.forEach((item, i) => {
        const m = item.capturedAt?.slice(0, 7) ?? '';
        if (i === 0 || m !== month) {
          month = m;
          breaks.push({
            at: i,
            row: { kind: 'header', label: m ? formatMonth(m, i18n.language) : t('library.noDate') },
          });
        }
      });
    }
    if (lessRelevantFrom !== undefined && lessRelevantFrom < items.length)
      breaks.push({ at: lessRelevantFrom, row: { kind: 'divider', label: t('search.more') } });
    breaks.sort((a, b) => a.at - b.at);
    let from = 0;
    for (const b of breaks) {
      pushPhotos(from, b.at);
      out.push(b.row);
      if (b.row.kind !== 'photos') section = b.row.label;
      from = b.at;
    }
    pushPhotos(from, items.length);
    // The timeline: the first row of each year (newest first, as the grid is).
    const firstRowOfYear = new Map<string, number>();
    if (groupByMonth)
      items.forEach((item, i) => {
        const year = item.capturedAt?.slice(0, 4);
        const row = rowOf[i];
        if (year && row !== undefined && !firstRowOfYear.has(year)) firstRowOfYear.set(year, row);
      });
    return { rows: out, rowOfItem: rowOf, years: [...firstRowOfYear] };
  }, [items, columns, groupByMonth, lessRelevantFrom, label, t, i18n.language]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's API cannot be memoized by React Compiler; this component is not compiled.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'photos' ? cell + gap : headerHeight),
    overscan: 4,
    // Rows scrolled to (timeline, keyboard) land below the sticky month: see [Note: Sticky month].
    scrollPaddingStart: groupByMonth ? headerHeight : 0,
    paddingEnd: selected.size > 0 ? selectionBarRoom : 0,
  });

  // Keep the focused photo in view and focused after keyboard moves.
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    const row = rowOfItem[focus];
    if (row !== undefined) virtualizer.scrollToIndex(row, { align: 'auto' });
    requestAnimationFrame(() => {
      scroller.current?.querySelector<HTMLElement>(`[data-index="${String(focus)}"]`)?.focus();
    });
  }, [focus, rowOfItem, virtualizer]);

  const select = (index: number, event: MouseEvent | KeyboardEvent) => {
    const id = items[index]?.id;
    if (id === undefined) return;
    if (event.shiftKey) {
      const [a, b] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      const next = new Set(selected);
      for (let i = a; i <= b; i++) {
        const rangeId = items[i]?.id;
        if (rangeId !== undefined) next.add(rangeId);
      }
      onSelect(next);
      return;
    }
    anchor.current = index;
    if (event.ctrlKey || event.metaKey || event.type === 'keydown') {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      onSelect(next);
    } else onSelect(new Set([id]));
  };

  /** The check mark on a tile adds it to the selection or takes it out, keeping the others. */
  const toggle = (index: number) => {
    const id = items[index]?.id;
    if (id === undefined) return;
    anchor.current = index;
    setFocus(index);
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const perPage =
      columns * Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / (cell + gap)));
    const rtl = document.documentElement.dir === 'rtl';
    const moves: Record<string, number> = {
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
      ArrowDown: columns,
      ArrowUp: -columns,
      PageDown: perPage,
      PageUp: -perPage,
    };
    let next: number | null = null;
    if (event.key in moves) next = focus + (moves[event.key] ?? 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(focus);
      return;
    } else if (event.key === ' ') {
      event.preventDefault();
      select(focus, event);
      return;
    } else if (event.key === 'Escape' && selected.size > 0) {
      event.preventDefault();
      onSelect(new Set());
      return;
    }
    if (next === null) return;
    event.preventDefault();
    moved.current = true;
    setFocus(Math.max(0, Math.min(items.length - 1, next)));
  };

  const grid = (
    <div
      ref={scroller}
      className={selected.size > 0 ? 'photo-grid selecting' : 'photo-grid'}
      role="listbox"
      aria-label={label}
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        if (event.button !== 0 || event.pointerType === 'touch') return;
        dragStart.current = {
          x: event.clientX,
          y: event.clientY,
          base: event.ctrlKey || event.metaKey || event.shiftKey ? new Set(selected) : new Set(),
        };
      }}
      onPointerMove={(event) => {
        const start = dragStart.current;
        if (
          !start ||
          (Math.abs(event.clientX - start.x) < 6 && Math.abs(event.clientY - start.y) < 6)
        )
          return;
        const left = Math.min(start.x, event.clientX);
        const top = Math.min(start.y, event.clientY);
        const right = Math.max(start.x, event.clientX);
        const bottom = Math.max(start.y, event.clientY);
        const origin = scroller.current?.getBoundingClientRect();
        if (origin)
          setBand({
            left: left - origin.left,
            top: top - origin.top,
            width: right - left,
            height: bottom - top,
          });
        const next = new Set(start.base);
        scroller.current?.querySelectorAll<HTMLElement>('[data-index]').forEach((cellEl) => {
          const r = cellEl.getBoundingClientRect();
          const id = items[Number(cellEl.dataset.index)]?.id;
          if (
            id !== undefined &&
            r.right > left &&
            r.left < right &&
            r.bottom > top &&
            r.top < bottom
          )
            next.add(id);
        });
        onSelect(next);
      }}
      onPointerUp={() => {
        dragStart.current = null;
        setBand(null);
      }}
      onPointerLeave={() => {
        dragStart.current = null;
        setBand(null);
      }}
    >
      {groupByMonth ? (
        <StickyMonth
          rows={rows}
          items={virtualizer.getVirtualItems()}
          offset={virtualizer.scrollOffset ?? 0}
        />
      ) : null}
      {band ? (
        <div
          className="select-band"
          aria-hidden="true"
          style={{
            left: band.left,
            top: band.top + (scroller.current?.scrollTop ?? 0),
            width: band.width,
            height: band.height,
          }}
        />
      ) : null}
      <div className="photo-grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          if (!row) return null;
          const top = { transform: `translateY(${String(v.start)}px)`, height: v.size };
          if (row.kind !== 'photos')
            // Visual only: screen readers get the same label on each row's group.
            return (
              <div key={v.key} className={`grid-${row.kind}`} style={top} aria-hidden="true">
                {row.label}
              </div>
            );
          return (
            <div key={v.key} className="grid-row" style={top} role="group" aria-label={row.section}>
              {items.slice(row.start, row.end).map((item, k) => {
                const index = row.start + k;
                const name = fileName(item.path);
                const date = formatDate(item.capturedAt, i18n.language, false);
                const words = item.textMatches?.join(', ') ?? '';
                const said = words ? t('grid.textMatch', { words }) : '';
                return (
                  <div
                    key={item.id}
                    role="option"
                    data-index={index}
                    tabIndex={index === focus ? 0 : -1}
                    aria-selected={selected.has(item.id)}
                    aria-label={[name, date, said].filter(Boolean).join(', ')}
                    title={said || undefined}
                    className="grid-cell"
                    onClick={(event) => {
                      setFocus(index);
                      select(index, event);
                    }}
                    onDoubleClick={() => {
                      onOpen(index);
                    }}
                    onFocus={() => {
                      setFocus(index);
                    }}
                  >
                    <Thumbnail id={item.id} placeholder={item.placeholder} />
                    {/* Above the thumbnail: the tint and check mark of the selected state, and
                        on hover the check that starts a selection with the mouse. Keyboard
                        users select with Space; the option's aria-selected says it. */}
                    {words ? (
                      <span className="cell-text-match" dir="auto" aria-hidden="true">
                        {words}
                      </span>
                    ) : null}
                    <span className="cell-tint" aria-hidden="true" />
                    <span
                      className="cell-check"
                      aria-hidden="true"
                      onClick={(event) => {
                        event.stopPropagation();
                        toggle(index);
                      }}
                      onDoubleClick={(event) => {
                        event.stopPropagation();
                      }}
                    >
                      <svg viewBox="0 0 24 24" width="16" height="16">
                        <path d="M5 12.5l4.5 4.5L19 7.5" />
                      </svg>
                    </span>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
  if (years.length < 2) return grid;
  return (
    <div className="grid-with-timeline">
      {grid}
      <nav className="timeline" aria-label={t('grid.timeline')}>
        {years.map(([year, row]) => (
          <button
            key={year}
            type="button"
            onClick={() => {
              virtualizer.scrollToIndex(row, { align: 'start' });
            }}
          >
            {year}
          </button>
        ))}
      </nav>
    </div>
  );
}
