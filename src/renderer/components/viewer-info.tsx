/**
 * @file The viewer's info panel: date (and where it came from), camera, lens, exposure, size,
 * the place (town, region, country; marked when inferred or set by the user), location with
 * a link that opens only on click, the file, the text read in the photo (given by the viewer)
 * and the photo's tags.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoDetail } from '../../shared/library-schemas';
import type { AppError } from '../../shared/result';
import { formatDate, formatNumber } from '../i18n/format';
import { ActionError } from './action-error';
import { Icon } from './icons';
import { Ltr, tLtr } from './ltr';
import { TagPanel } from './tag-panel';

/** Exposure values as photographers write them; the core already dropped implausible ones. */
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

/** Where the date came from, when it is not the camera's own capture time. */
function DateNotes({ detail }: { detail: PhotoDetail }) {
  const { t } = useTranslation();
  const notes: { key: string; text: ReactNode }[] = [];
  if (detail.dateSource === 'file') notes.push({ key: 'file', text: t('viewer.dateFromFile') });
  else if (detail.dateSource === 'exif-modified')
    notes.push({ key: 'modified', text: t('viewer.dateFromModified') });
  else if (detail.dateSource === 'user') notes.push({ key: 'user', text: t('viewer.dateByUser') });
  if (detail.ignoredDate) {
    // The raw value, isolated left to right (see [Note: Paths in right-to-left text]).
    const value = detail.ignoredDate.replace('T', ' ');
    const key =
      Number(detail.ignoredDate.slice(0, 4)) < 1900 ? 'viewer.ignoredPast' : 'viewer.ignoredFuture';
    notes.push({ key: 'ignored', text: tLtr(t, key, { value }, ['value']) });
  }
  return (
    <>
      {notes.map((note) => (
        <span key={note.key} className="date-note">
          {note.text}
        </span>
      ))}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function ViewerInfo({
  photoId,
  name,
  detail,
  error,
  onSetDate,
  children,
}: {
  photoId: number;
  name: string;
  detail: PhotoDetail | null;
  /** How the last action on the photo failed (show in folder, open). */
  error: AppError | null;
  onSetDate: () => void;
  /** Sections shown before the tags (the text in the photo). */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const shot = detail ? exposure(detail, i18n.language) : '';
  return (
    <aside className="viewer-info" aria-label={t('viewer.info')}>
      <h2>
        <Ltr>{name}</Ltr>
      </h2>
      <ActionError error={error} />
      {detail ? (
        <dl>
          <Row label={t('viewer.date')}>
            <span>{formatDate(detail.capturedAt, i18n.language) || '—'}</span>
            <DateNotes detail={detail} />
            <button type="button" className="link-button" onClick={onSetDate}>
              <Icon name="calendar" />
              {t('viewer.setDate')}
            </button>
          </Row>
          {detail.camera ? (
            <Row label={t('viewer.camera')}>
              <Ltr>{detail.camera}</Ltr>
            </Row>
          ) : null}
          {detail.lens ? (
            <Row label={t('viewer.lens')}>
              <Ltr>{detail.lens}</Ltr>
            </Row>
          ) : null}
          {shot ? <Row label={t('viewer.exposure')}>{shot}</Row> : null}
          {detail.width && detail.height ? (
            <Row label={t('viewer.size')}>
              {`${formatNumber(detail.width, i18n.language)} × ${formatNumber(detail.height, i18n.language)}`}
            </Row>
          ) : null}
          {detail.place ? (
            <Row label={t('viewer.place')}>
              <span className="place-name">
                {[detail.place.town, detail.place.region, detail.place.country]
                  .filter((part, i, all) => part && all.indexOf(part) === i)
                  .join(', ')}
              </span>
              {detail.place.source === 'inferred' ? (
                <span className="date-note">{t('viewer.placeInferred')}</span>
              ) : detail.place.source === 'user' ? (
                <span className="date-note">{t('viewer.placeByUser')}</span>
              ) : detail.place.source === 'sidecar' ? (
                <span className="date-note">{t('viewer.placeFromSidecar')}</span>
              ) : null}
            </Row>
          ) : null}
          {detail.gps ? (
            <Row label={t('viewer.location')}>
              {`${detail.gps.lat.toFixed(5)}, ${detail.gps.lon.toFixed(5)}`}{' '}
              <a
                href={`https://www.openstreetmap.org/?mlat=${String(detail.gps.lat)}&mlon=${String(detail.gps.lon)}#map=15/${String(detail.gps.lat)}/${String(detail.gps.lon)}`}
                target="_blank"
                rel="noreferrer noopener"
              >
                {t('viewer.openMap')}
              </a>
            </Row>
          ) : null}
          <dt>{t('viewer.file')}</dt>
          <dd className="path">
            <Ltr>{detail.path}</Ltr>
          </dd>
        </dl>
      ) : null}
      {children}
      <TagPanel photoId={photoId} />
    </aside>
  );
}
