/**
 * @file `npm run bench:text-search`: what the text index costs and how fast it answers
 * ([Note: Text store], [Note: Text in search]), on a synthetic library in a temporary file:
 * `BENCH_PHOTOS` photos (default 100,000), a tenth of them with text (receipts, signs,
 * screenshots in several scripts, 2–12 lines each), the rest read with none. Reports save
 * throughput, the database's growth per photo with text, and find() times for the kinds of
 * query people type: a rare and a common word, a 2-character CJK word (the LIKE fallback), a
 * quoted phrase, a `text:` substring.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TextLine } from '../src/shared/text-schemas';
import { LibraryDatabase } from '../src/main/db/library-database';
import { sql } from '../src/main/db/sql';
import { TextStore } from '../src/main/text/text-store';
import { exactTerm, freeTerms, type TextTerm } from '../src/main/text/text-terms';

const photos = Number(process.env.BENCH_PHOTOS ?? 100_000);
const withTextShare = 0.1;

const words = [
  'MIGROS',
  'Coop',
  'Rechnung',
  'Quittung',
  'Summe',
  'MwSt',
  'Total',
  'CHF',
  'EUR',
  'Kasse',
  'München',
  'Hauptbahnhof',
  'Ausgang',
  'Gleis',
  'Bahnsteig',
  'Straße',
  'Apotheke',
  'Bäckerei',
  'receipt',
  'invoice',
  'WiFi',
  'password',
  'guest',
  'network',
  'exit',
  'entrance',
  'menu',
  'café',
  'crème',
  'brûlée',
  'entrée',
  'sortie',
  'gare',
  'billet',
  'Москва',
  'метро',
  'выход',
  'вход',
  'улица',
  'касса',
  '東京駅',
  '切符売り場',
  '出口',
  '入口',
  '新宿',
  '渋谷',
  '営業中',
  '北京',
  '地铁',
  '出口',
  '票价',
  'السوق',
  'مخرج',
  'مدخل',
  'شارع',
  'salida',
  'entrada',
  'uscita',
];
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const box = [0.1, 0.1, 0.9, 0.1, 0.9, 0.15, 0.1, 0.15];

function lines(): TextLine[] {
  return Array.from({ length: 2 + Math.floor(random() * 11) }, () => ({
    text: Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
      random() < 0.2 ? String(Math.floor(random() * 10_000) / 100) : pick(words),
    ).join(' '),
    box,
    confidence: 0.9,
    words: [],
    reader: 'bench',
  }));
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'fotoglot-text-bench-'));
const file = path.join(dir, 'library.db');
const database = LibraryDatabase.open(file);
try {
  const db = database.db;
  const insert = db.prepare(
    "INSERT INTO photos (fingerprint, size, format, state, updated_at) VALUES (?, 1, 'jpeg', 'ready', 'now')",
  );
  db.transaction(() => {
    for (let i = 0; i < photos; i++) insert.run(`f${String(i)}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const before = statSync(file).size;
  const store = new TextStore(db);
  let saved = 0;
  let lineCount = 0;
  const started = performance.now();
  db.transaction(() => {
    for (let id = 1; id <= photos; id++) {
      const read = random() < withTextShare ? lines() : [];
      store.save(id, 'bench', read);
      if (read.length > 0) saved++;
      lineCount += read.length;
    }
  })();
  const saveMs = performance.now() - started;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const after = statSync(file).size;

  const queries: [string, TextTerm[]][] = [
    ['rare word "brûlée" (free)', freeTerms('brulee')],
    ['common word "Summe" (free)', freeTerms('summe')],
    ['receipt migros (two free words)', freeTerms('receipt migros')],
    ['CJK 2 chars "新宿" (LIKE)', freeTerms('新宿')],
    ['phrase "wifi password"', freeTerms('"wifi password"')],
    ['text:ass (substring)', [exactTerm('ass')].filter((t) => t !== null)],
    ['text:ü (1 char, LIKE)', [exactTerm('ü')].filter((t) => t !== null)],
  ];
  console.log(
    `${String(photos)} photos, ${String(saved)} with text (${String(lineCount)} lines): saved in ${(saveMs / 1000).toFixed(1)} s (${String(Math.round(photos / (saveMs / 1000)))} photos/s); database +${((after - before) / 2 ** 20).toFixed(1)} MiB (${String(Math.round((after - before) / saved))} bytes per photo with text, index included)`,
  );
  console.log(
    '| query | photos found | find, median ms | matched words of a 100-photo page, median ms |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, terms] of queries) {
    const times: number[] = [];
    const pageTimes: number[] = [];
    let found = 0;
    for (let run = 0; run < 10; run++) {
      // As search does: which photos and terms for the ranking, the words for the page shown.
      const t0 = performance.now();
      const hits = store.find(terms, sql`1`, { words: false });
      const t1 = performance.now();
      const page = JSON.stringify([...hits.keys()].slice(0, 100));
      store.find(terms, sql`p.id IN (SELECT value FROM json_each(${page}))`);
      pageTimes.push(performance.now() - t1);
      times.push(t1 - t0);
      found = hits.size;
    }
    console.log(
      `| ${name} | ${String(found)} | ${median(times).toFixed(1)} | ${median(pageTimes).toFixed(1)} |`,
    );
  }
} finally {
  database.close();
  rmSync(dir, { recursive: true, force: true });
}
