/**
 * @file Capture dates the user sets on photos: checked, stored as a decision, kept by ingest.
 *
 * [Note: User dates]
 * A date the user sets is a decision, not derived data (ARCHITECTURE §2b): it goes in
 * `photos.user_captured_at` and into the capture columns every query sorts and groups by
 * (`captured_at` with `captured_at_source = 'user'`). Ingest, which re-reads EXIF after a
 * rescan, an edit or a resumed run, keeps the capture columns of a photo with a user date
 * (ingest-job-store), so the user's date wins over EXIF and the file time until the user sets
 * another. The wall-clock time is stored without a zone (the zone of a typed date is not
 * known): its instant is read as UTC, as for EXIF dates without an offset ([Note: Capture
 * time]). With XMP writing on, it also goes to the photos' sidecars (xmp-date.ts). Like tag
 * decisions ([Note: Database recovery]), each is also appended to `dates-journal.jsonl` by the
 * photo's content fingerprint, and replayed after the database was restored or rebuilt.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppFailure } from '../../shared/result';
import { all, run, sql, type SqlFragment } from '../db/sql';
import { futureSlackMs } from './capture-time';

const userDate = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The wall-clock time `YYYY-MM-DDTHH:mm:ss` of a date the user typed (`YYYY-MM-DDTHH:mm[:ss]`);
 * throws invalid-argument, saying what to give, for anything else or a date in the future.
 */
export function checkUserDate(value: string, nowMs = Date.now()): string {
  const m = userDate.exec(value.trim());
  const local = m
    ? `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}T${m[4] ?? ''}:${m[5] ?? ''}:${m[6] ?? '00'}`
    : '';
  const ms = Date.parse(`${local}Z`);
  // Date.parse rolls 31 February over to March: a real date reads back the same.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== local)
    throw new AppFailure(
      'invalid-argument',
      `"${value}" is not a date. Give the date and time as YYYY-MM-DDTHH:mm, e.g. 2019-07-14T09:30.`,
    );
  if (Number(local.slice(0, 4)) < 1000 || ms > nowMs + futureSlackMs)
    throw new AppFailure(
      'invalid-argument',
      `${local.replace('T', ' ')} is in the future or too long ago. Give the day the photo was taken.`,
    );
  return local;
}

function applyUserDate(db: Database.Database, where: SqlFragment, local: string): number {
  const utcMs = Date.parse(`${local}Z`);
  return run(
    db,
    sql`UPDATE photos SET user_captured_at = ${local}, captured_at = ${local}, captured_at_utc = ${utcMs},
               tz_offset_minutes = NULL, captured_at_source = 'user', updated_at = ${new Date().toISOString()}
         WHERE ${where}`,
  );
}

/** Sets the user date of these photos (see [Note: User dates]); returns how many exist. */
export function setUserDates(
  db: Database.Database,
  photoIds: readonly number[],
  local: string,
): number {
  return applyUserDate(
    db,
    sql`id IN (SELECT value FROM json_each(${JSON.stringify(photoIds)}))`,
    local,
  );
}

/** A date decision as journaled: the photo by content fingerprint, never by row id. */
export interface DateDecision {
  fingerprint: string;
  date: string;
}

/** The fingerprints of these photos, for the journal. */
export function fingerprintsOf(db: Database.Database, photoIds: readonly number[]): string[] {
  return all<{ fingerprint: string }>(
    db,
    sql`SELECT fingerprint FROM photos WHERE id IN (SELECT value FROM json_each(${JSON.stringify(photoIds)}))`,
  ).map((r) => r.fingerprint);
}

/** Sets the journaled dates again on the photos that have come back (after a recovery). */
export function replayUserDates(db: Database.Database, entries: readonly DateDecision[]): void {
  for (const entry of entries)
    applyUserDate(db, sql`fingerprint = ${entry.fingerprint}`, entry.date);
}

/** `dates-journal.jsonl`: every date the user set, in order (see [Note: User dates]). */
export class DateJournal {
  constructor(readonly file: string) {}

  append(decisions: readonly DateDecision[]): void {
    const at = new Date().toISOString();
    appendFileSync(this.file, decisions.map((d) => `${JSON.stringify({ ...d, at })}\n`).join(''));
  }

  /** Every entry, in order; a line cut short by a crash is skipped. */
  entries(): DateDecision[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const e = JSON.parse(line) as Partial<DateDecision>;
          return typeof e.fingerprint === 'string' && typeof e.date === 'string'
            ? [{ fingerprint: e.fingerprint, date: e.date }]
            : [];
        } catch {
          return [];
        }
      });
  }
}
