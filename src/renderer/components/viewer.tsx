/**
 * @file The full-screen viewer: the 1600 px preview with zoom and pan, previous/next, the
 * info panel (date, camera, lens, exposure, size, location with a link that opens only on
 * click) and the photo's tags; "find similar".
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileName } from '../file-name';
import type { PhotoDetail } from '../../shared/library-schemas';
import { call, mediaUrl } from '../api/call';
import { useAction } from '../hooks/use-action';
import { formatDate, formatNumber } from '../i18n/format';
import { ActionError } from './action-error';
import type { GridItem } from './photo-grid';
import { TagPanel } from './tag-panel';

function exposure(d: PhotoDetail, locale: string): string {
  const parts: string[] = [];
  if (d.exposureTime)
    parts.push(
      d.exposureTime < 1
        ? `1/${String(Math.round(1 / d.exposureTime))} s`
        : `${formatNumber(d.exposureTime, locale, 1)} s`,
    );
  if (d.fNumber) parts.push(`ƒ/${formatNumber(d.fNumber, locale, 1)}`);
  if (d.iso) parts.push(`ISO ${String(d.iso)}`);
  if (d.focalLength) parts.push(`${formatNumber(d.focalLength, locale)} mm`);
  return parts.join(' · ');
}

export function Viewer({
  items,
  index,
  onIndex,
  onClose,
  onFindSimilar,
  desktop,
}: {
  items: readonly GridItem[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
  onFindSimilar: (item: GridItem) => void;
  /** The desktop app can show the file in its folder and open it elsewhere. */
  desktop: boolean;
}) {
  const { t, i18n } = useTranslation();
  const item = items[index];
  const [detail, setDetail] = useState<PhotoDetail | null>(null);
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const dialog = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  /** Show in folder, open elsewhere: what the viewer asks of the desktop host. */
  const host = useAction();

  useEffect(() => {
    if (!item) return;
    let alive = true;
    call('photos:get', { id: item.id })
      .then((d) => {
        if (alive) setDetail(d);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [item]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => previous?.focus();
  }, []);

  if (!item) return null;
  const name = fileName(item.path);
  const rtl = document.documentElement.dir === 'rtl';
  const go = (delta: number) => {
    const next = index + delta;
    if (next >= 0 && next < items.length) onIndex(next);
  };

  return (
    <div
      ref={dialog}
      className="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={name}
      tabIndex={-1}
      onKeyDown={(event) => {
        if ((event.target as HTMLElement).tagName === 'INPUT') return;
        if (event.key === 'Escape') onClose();
        else if (event.key === 'ArrowRight') go(rtl ? -1 : 1);
        else if (event.key === 'ArrowLeft') go(rtl ? 1 : -1);
        else if (event.key === '+' || event.key === '=') setZoom((z) => Math.min(8, z * 1.5));
        else if (event.key === '-') setZoom((z) => Math.max(1, z / 1.5));
        else return;
        event.preventDefault();
      }}
    >
      <div className="viewer-toolbar">
        <button type="button" onClick={onClose}>
          {t('viewer.close')}
        </button>
        <button
          type="button"
          onClick={() => {
            go(-1);
          }}
          disabled={index === 0}
        >
          {t('viewer.previous')}
        </button>
        <button
          type="button"
          onClick={() => {
            go(1);
          }}
          disabled={index >= items.length - 1}
        >
          {t('viewer.next')}
        </button>
        <button
          type="button"
          onClick={() => {
            setZoom((z) => Math.min(8, z * 1.5));
          }}
        >
          {t('viewer.zoomIn')}
        </button>
        <button
          type="button"
          onClick={() => {
            setZoom((z) => Math.max(1, z / 1.5));
          }}
          disabled={zoom <= 1}
        >
          {t('viewer.zoomOut')}
        </button>
        <button
          type="button"
          onClick={() => {
            onFindSimilar(item);
          }}
        >
          {t('viewer.findSimilar')}
        </button>
        {desktop ? (
          <>
            <button
              type="button"
              onClick={() => void host.run(() => call('photos:reveal', { id: item.id }))}
            >
              {t('viewer.showInFolder')}
            </button>
            <button
              type="button"
              onClick={() => void host.run(() => call('photos:openExternal', { id: item.id }))}
            >
              {t('viewer.openExternal')}
            </button>
          </>
        ) : null}
      </div>
      <div
        className="viewer-stage"
        onWheel={(event) => {
          setZoom((z) => Math.max(1, Math.min(8, z * (event.deltaY < 0 ? 1.2 : 1 / 1.2))));
        }}
        onPointerDown={(event) => {
          drag.current = { x: event.clientX - pan.x, y: event.clientY - pan.y };
        }}
        onPointerMove={(event) => {
          if (drag.current && zoom > 1)
            setPan({ x: event.clientX - drag.current.x, y: event.clientY - drag.current.y });
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
      >
        <img
          // Past 100 % the 1600 px preview would blur: the photo itself (or its preview when browsers cannot show the format).
          src={mediaUrl(zoom > 1 ? 'original' : 'preview', item.id)}
          alt={name}
          draggable={false}
          style={{
            transform: `translate(${String(pan.x)}px, ${String(pan.y)}px) scale(${String(zoom)})`,
          }}
        />
      </div>
      <aside className="viewer-info" aria-label={t('viewer.info')}>
        <h2>{name}</h2>
        <ActionError error={host.error} />
        {detail ? (
          <dl>
            <dt>{t('viewer.date')}</dt>
            <dd>{formatDate(detail.capturedAt, i18n.language) || '—'}</dd>
            {detail.camera ? (
              <>
                <dt>{t('viewer.camera')}</dt>
                <dd>{detail.camera}</dd>
              </>
            ) : null}
            {detail.lens ? (
              <>
                <dt>{t('viewer.lens')}</dt>
                <dd>{detail.lens}</dd>
              </>
            ) : null}
            {exposure(detail, i18n.language) ? (
              <>
                <dt>{t('viewer.exposure')}</dt>
                <dd>{exposure(detail, i18n.language)}</dd>
              </>
            ) : null}
            {detail.width && detail.height ? (
              <>
                <dt>{t('viewer.size')}</dt>
                <dd>{`${formatNumber(detail.width, i18n.language)} × ${formatNumber(detail.height, i18n.language)}`}</dd>
              </>
            ) : null}
            {detail.gps ? (
              <>
                <dt>{t('viewer.location')}</dt>
                <dd>
                  {`${detail.gps.lat.toFixed(5)}, ${detail.gps.lon.toFixed(5)}`}{' '}
                  <a
                    href={`https://www.openstreetmap.org/?mlat=${String(detail.gps.lat)}&mlon=${String(detail.gps.lon)}#map=15/${String(detail.gps.lat)}/${String(detail.gps.lon)}`}
                    target="_blank"
                    rel="noreferrer noopener"
                  >
                    {t('viewer.openMap')}
                  </a>
                </dd>
              </>
            ) : null}
            <dt>{t('viewer.file')}</dt>
            <dd className="path">{detail.path}</dd>
          </dl>
        ) : null}
        <TagPanel photoId={item.id} />
      </aside>
    </div>
  );
}
