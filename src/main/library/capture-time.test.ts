import { describe, expect, it } from 'vitest';
import { captureTime, isPlausibleCapture } from './capture-time';

const now = Date.parse('2026-03-01T12:00:00Z');
const mtime = Date.parse('2024-06-15T08:00:00Z');

describe('capture dates (see [Note: Implausible capture dates])', () => {
  it('believes a camera date from 1900 up to a day ahead of now', () => {
    const t = captureTime({ DateTimeOriginal: '2019:07:14 09:30:00' }, mtime, now);
    expect(t).toMatchObject({
      local: '2019-07-14T09:30:00',
      source: 'exif-original',
      ignoredDate: null,
    });
    expect(isPlausibleCapture('1900-01-01T00:00:00', Date.parse('1900-01-01T00:00:00Z'), now)).toBe(
      true,
    );
    // A camera a few hours ahead of this machine (another time zone) is not in the future.
    expect(captureTime({ DateTimeOriginal: '2026:03:02 06:00:00' }, mtime, now).source).toBe(
      'exif-original',
    );
  });

  it('sets aside a date in the future: the file time dates the photo, the value is kept', () => {
    const t = captureTime({ DateTimeOriginal: '2099:09:29 10:10:10' }, mtime, now);
    expect(t.source).toBe('file');
    expect(t.utcMs).toBe(mtime);
    expect(t.ignoredDate).toBe('2099-09-29T10:10:10');
    // More than a day ahead is the future, with or without a zone.
    const ahead = captureTime(
      { DateTimeOriginal: '2026:03:02 14:00:00', OffsetTimeOriginal: '+00:00' },
      mtime,
      now,
    );
    expect(ahead).toMatchObject({ source: 'file', ignoredDate: '2026-03-02T14:00:00' });
  });

  it('sets aside dates before 1900 (unset clocks: 1601, 0001, 1899-12-31)', () => {
    for (const raw of ['1601:01:01 00:00:00', '0001:01:01 00:00:00', '1899:12:31 23:59:59']) {
      const t = captureTime({ DateTimeOriginal: raw }, mtime, now);
      expect(t.source, raw).toBe('file');
      expect(t.ignoredDate, raw).toBe(raw.replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T'));
    }
  });

  it('falls back to the next believable EXIF date before the file time', () => {
    const t = captureTime(
      { DateTimeOriginal: '2099:01:01 00:00:00', CreateDate: '2012:05:06 07:08:09' },
      mtime,
      now,
    );
    expect(t).toMatchObject({
      local: '2012-05-06T07:08:09',
      source: 'exif-digitized',
      ignoredDate: '2099-01-01T00:00:00',
    });
  });

  it('blank and malformed dates are no dates, not ignored values', () => {
    const t = captureTime(
      { DateTimeOriginal: '0000:00:00 00:00:00', CreateDate: '    ' },
      mtime,
      now,
    );
    expect(t).toMatchObject({ source: 'file', ignoredDate: null });
  });
});
