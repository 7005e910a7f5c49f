/**
 * @file The full-screen viewer: the photo fitted to the screen with zoom and pan (see
 * [Note: Viewer image]), an icon toolbar, previous/next arrows at the screen's edges, the
 * keyboard (←/→, Esc, +/−, 0 to fit, F for the face boxes, T for the text read in the photo),
 * the info panel and "Set date…".
 *
 * [Note: Viewer keys in right-to-left languages]
 * In Arabic the photos run right to left, as the grid does: → goes to the previous photo and
 * ← to the next, and the "next" arrow sits at the left edge (the inline end), so the key and
 * the arrow on screen always point the same way as the photo they lead to.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoDetail } from '../../shared/library-schemas';
import { call } from '../api/call';
import { fileName } from '../file-name';
import { useAction } from '../hooks/use-action';
import { usePhotoText } from '../hooks/use-photo-text';
import { FaceBoxes } from './face-boxes';
import { IconButton } from './icons';
import type { GridItem } from './photo-grid';
import { SetDateDialog } from './set-date-dialog';
import { TextBoxes } from './text-boxes';
import { TextSection } from './text-section';
import { ViewerImage } from './viewer-image';
import { Ltr } from './ltr';
import { ViewerInfo } from './viewer-info';

const minZoom = 1;
const maxZoom = 8;
const zoomStep = 1.5;

export function Viewer({
  items,
  index,
  onIndex,
  onClose,
  onFindSimilar,
  onOpenPerson,
  desktop,
  showFaces,
  onShowFaces,
}: {
  items: readonly GridItem[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
  onFindSimilar: (item: GridItem) => void;
  onOpenPerson: (id: number) => void;
  /** Whether the face boxes are shown: kept by the frame, so it lasts from photo to photo. */
  showFaces: boolean;
  onShowFaces: (shown: boolean) => void;
  /** The desktop app can show the file in its folder and open it elsewhere. */
  desktop: boolean;
}) {
  const { t } = useTranslation();
  const item = items[index];
  const [detail, setDetail] = useState<PhotoDetail | null>(null);
  /** Bumped to read the photo's details again (after its date was set). */
  const [version, setVersion] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [showInfo, setShowInfo] = useState(true);
  const [settingDate, setSettingDate] = useState(false);
  /** Whether the text read in the photo is drawn over it (T). */
  const [showText, setShowText] = useState(false);
  const text = usePhotoText(item?.id ?? 0);
  const dialog = useRef<HTMLDivElement>(null);
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
  }, [item, version]);

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
  const zoomBy = (factor: number) => {
    setZoom((z) => Math.max(minZoom, Math.min(maxZoom, z * factor)));
  };
  const hasPrevious = index > 0;
  const hasNext = index < items.length - 1;

  return (
    <div
      ref={dialog}
      className={showInfo ? 'viewer' : 'viewer no-info'}
      role="dialog"
      aria-modal="true"
      aria-label={name}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (settingDate || (event.target as HTMLElement).tagName === 'INPUT') return;
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        // See [Note: Viewer keys in right-to-left languages].
        if (event.key === 'Escape') onClose();
        else if (event.key === 'ArrowRight') go(rtl ? -1 : 1);
        else if (event.key === 'ArrowLeft') go(rtl ? 1 : -1);
        else if (event.key === '+' || event.key === '=') zoomBy(zoomStep);
        else if (event.key === '-' || event.key === '_') zoomBy(1 / zoomStep);
        else if (event.key === '0') setZoom(1);
        else if (event.key === 'f' || event.key === 'F') onShowFaces(!showFaces);
        else if (event.key === 't' || event.key === 'T') setShowText(!showText);
        else return;
        event.preventDefault();
      }}
    >
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <IconButton icon="close" label={t('viewer.close')} shortcut="Esc" onClick={onClose} />
        <span className="viewer-toolbar-title">
          <Ltr>{name}</Ltr>
        </span>
        <IconButton
          icon="zoomOut"
          label={t('viewer.zoomOut')}
          shortcut="−"
          onClick={() => {
            zoomBy(1 / zoomStep);
          }}
          disabled={zoom <= minZoom}
        />
        <IconButton
          icon="zoomIn"
          label={t('viewer.zoomIn')}
          shortcut="+"
          onClick={() => {
            zoomBy(zoomStep);
          }}
          disabled={zoom >= maxZoom}
        />
        <IconButton
          icon="fit"
          label={t('viewer.fit')}
          shortcut="0"
          onClick={() => {
            setZoom(1);
          }}
          disabled={zoom === 1}
        />
        <IconButton
          icon="faces"
          label={t('viewer.faces')}
          shortcut="F"
          pressed={showFaces}
          onClick={() => {
            onShowFaces(!showFaces);
          }}
        />
        <IconButton
          icon="text"
          label={t('viewer.textBoxes')}
          shortcut="T"
          pressed={showText}
          onClick={() => {
            setShowText(!showText);
          }}
        />
        <IconButton
          icon="similar"
          label={t('viewer.findSimilar')}
          onClick={() => {
            onFindSimilar(item);
          }}
        />
        {desktop ? (
          <>
            <IconButton
              icon="folder"
              label={t('viewer.showInFolder')}
              onClick={() => void host.run(() => call('photos:reveal', { id: item.id }))}
            />
            <IconButton
              icon="external"
              label={t('viewer.openExternal')}
              onClick={() => void host.run(() => call('photos:openExternal', { id: item.id }))}
            />
          </>
        ) : null}
        <IconButton
          icon="info"
          label={t('viewer.info')}
          pressed={showInfo}
          onClick={() => {
            setShowInfo((shown) => !shown);
          }}
        />
      </div>
      <div className="viewer-main">
        <ViewerImage
          item={item}
          name={name}
          zoom={zoom}
          onWheelZoom={zoomBy}
          overlay={
            <>
              {showText && text ? <TextBoxes lines={text.lines} /> : null}
              {showFaces ? <FaceBoxes photoId={item.id} onOpenPerson={onOpenPerson} /> : null}
            </>
          }
        />
        {hasPrevious ? (
          <IconButton
            icon="previous"
            className="viewer-edge previous"
            label={t('viewer.previous')}
            shortcut={rtl ? '→' : '←'}
            onClick={() => {
              go(-1);
            }}
          />
        ) : null}
        {hasNext ? (
          <IconButton
            icon="next"
            className="viewer-edge next"
            label={t('viewer.next')}
            shortcut={rtl ? '←' : '→'}
            onClick={() => {
              go(1);
            }}
          />
        ) : null}
      </div>
      {showInfo ? (
        <ViewerInfo
          photoId={item.id}
          name={name}
          detail={detail}
          error={host.error}
          onSetDate={() => {
            setSettingDate(true);
          }}
        >
          <TextSection key={item.id} text={text} matches={item.textMatches ?? []} />
        </ViewerInfo>
      ) : null}
      {settingDate ? (
        <SetDateDialog
          photoIds={[item.id]}
          initial={detail?.capturedAt ?? null}
          onClose={(changed) => {
            setSettingDate(false);
            if (changed) setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </div>
  );
}
