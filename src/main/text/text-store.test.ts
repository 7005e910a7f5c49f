/**
 * The text store on the real library database (SQLite, migrations, FTS5 trigram index): lines
 * saved and replaced, found the way people type them (case, accents, CJK, short words, quoted
 * phrases), gone with their photo, and a damaged index rebuilt instead of failing search.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TextLine } from '../../shared/text-schemas';
import { LibraryDatabase } from '../db/library-database';
import { exactTerm, freeTerms } from './text-terms';
import { TextStore } from './text-store';

let database: LibraryDatabase;
let store: TextStore;

const box = [0.1, 0.1, 0.9, 0.1, 0.9, 0.2, 0.1, 0.2];
const line = (text: string, reader = 'ppocr-v4'): TextLine => ({
  text,
  box,
  confidence: 0.95,
  words: [],
  reader,
});
const photo = (fingerprint: string) =>
  Number(
    database.db
      .prepare(
        "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, 1, 'jpeg', 'ready', 'now')",
      )
      .run(fingerprint).lastInsertRowid,
  );

/** Photo ids whose text holds `query` (a `text:` value), sorted. */
const exact = (query: string) => {
  const term = exactTerm(query);
  return term ? [...store.find([term]).keys()].sort() : [];
};

let receipt: number, sign: number, munich: number, moscow: number, blank: number;

beforeEach(() => {
  database = LibraryDatabase.open(':memory:');
  store = new TextStore(database.db);
  receipt = photo('receipt');
  sign = photo('sign');
  munich = photo('munich');
  moscow = photo('moscow');
  blank = photo('blank');
  store.save(receipt, 'test', [
    line('MIGROS Zürich HB'),
    line('RECHNUNG Nr. 4711'),
    line('WiFi password: kaffee2024'),
  ]);
  store.save(sign, 'test', [line('東京駅 切符売り場', 'ppocr-v4'), line('きっぷうりば')]);
  store.save(munich, 'test', [line('MÜNCHEN Hbf')]);
  store.save(moscow, 'test', [line('Москва, Красная площадь', 'tesseract:rus')]);
  store.save(blank, 'test', []);
});
afterEach(() => {
  database.close();
});

describe('TextStore', () => {
  it('gives back what was saved, and null for a photo not read yet', () => {
    const unread = photo('unread');
    expect(store.linesOf(unread)).toBeNull();
    expect(store.linesOf(blank)?.lines).toEqual([]);
    const saved = store.linesOf(receipt);
    expect(saved?.engine).toBe('test');
    expect(saved?.lines.map((l) => l.text)).toEqual([
      'MIGROS Zürich HB',
      'RECHNUNG Nr. 4711',
      'WiFi password: kaffee2024',
    ]);
    expect(saved?.lines[0]?.box).toEqual(box);
    expect(store.counts()).toEqual({ read: 5, withText: 4 });
  });

  it('replaces a photo’s text whole on a second save, in the index too', () => {
    store.save(receipt, 'test-2', [line('Coop Basel')]);
    expect(store.linesOf(receipt)?.lines.map((l) => l.text)).toEqual(['Coop Basel']);
    expect(store.linesOf(receipt)?.engine).toBe('test-2');
    expect(exact('migros')).toEqual([]);
    expect(exact('coop')).toEqual([receipt]);
  });

  it('refuses malformed lines with the reason and keeps what was there', () => {
    expect(() => {
      store.save(receipt, 'test', [{ ...line('x'), box: [0, 0] }]);
    }).toThrow(/malformed/);
    expect(exact('migros')).toEqual([receipt]);
  });

  it('finds words whatever their case and accents', () => {
    expect(exact('munchen')).toEqual([munich]);
    expect(exact('Rechnung')).toEqual([receipt]);
    expect(exact('zurich')).toEqual([receipt]);
    expect(exact('МОСКВА')).toEqual([moscow]);
    expect(exact('красная')).toEqual([moscow]);
  });

  it('finds substrings in scripts without spaces, short ones too', () => {
    expect(exact('東京')).toEqual([sign]);
    expect(exact('切符')).toEqual([sign]);
    expect(exact('東京駅')).toEqual([sign]);
    expect(exact('きっぷ')).toEqual([sign]);
    expect(exact('大阪')).toEqual([]);
  });

  it('answers queries under three characters from the folded text', () => {
    expect(exact('hb')).toEqual([munich, receipt].sort());
    expect(exact('ü')).toEqual([munich, receipt].sort());
    expect(exact('q')).toEqual([]);
  });

  it('matches quoted phrases as written, not their words apart', () => {
    const [phrase] = freeTerms('"wifi password"');
    expect(phrase?.folded).toBe('wifi password');
    expect([...store.find(phrase ? [phrase] : []).keys()]).toEqual([receipt]);
    const [apart] = freeTerms('"password wifi"');
    expect(store.find(apart ? [apart] : []).size).toBe(0);
  });

  it('shows the words that matched as the photo writes them', () => {
    const found = store.find(freeTerms('migros rechnung'));
    expect(found.get(receipt)).toEqual({ terms: new Set([0, 1]), words: ['MIGROS', 'RECHNUNG'] });
    const tokyo = exactTerm('東京');
    expect(store.find(tokyo ? [tokyo] : []).get(sign)?.words).toEqual(['東京']);
    const part = exactTerm('kaffee');
    expect(store.find(part ? [part] : []).get(receipt)?.words).toEqual(['kaffee2024']);
  });

  it('matches free words at a word’s start, text: values anywhere', () => {
    expect(store.find(freeTerms('affee')).size).toBe(0);
    expect(exact('affee')).toEqual([receipt]);
    // Too short to mean anything alone: left to the meaning search.
    expect(freeTerms('a of HB')).toEqual([]);
  });

  it('forgets a photo’s text when the photo is removed', () => {
    database.db.prepare('DELETE FROM photos WHERE id = ?').run(munich);
    expect(store.linesOf(munich)).toBeNull();
    expect(exact('munchen')).toEqual([]);
    expect(
      database.db
        .prepare("SELECT count(*) AS n FROM photo_text_index WHERE folded MATCH 'munchen'")
        .get(),
    ).toEqual({ n: 0 });
  });

  it('rebuilds a damaged index from the stored text instead of failing', () => {
    // Zero the index's pages (a torn write would); the text itself is intact. SQLite guards
    // shadow tables against writes; only unsafe mode lets a test damage them.
    database.db.unsafeMode(true);
    database.db.exec(
      'UPDATE photo_text_index_data SET block = zeroblob(length(block)) WHERE id > 10',
    );
    database.db.unsafeMode(false);
    expect(() =>
      database.db
        .prepare('SELECT rowid FROM photo_text_index WHERE folded MATCH \'"munchen"\'')
        .all(),
    ).toThrow(/corrupt/i);
    expect(exact('munchen')).toEqual([munich]);
    expect(exact('東京')).toEqual([sign]);
  });
});
