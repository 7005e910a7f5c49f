import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser';

const now = new Date(2026, 10, 22, 12, 0, 0); // 22 November 2026, local time
const date = (q: string) => parseQuery(q, now).chips.find((c) => c.kind === 'date')?.value;

describe('parseQuery: dates in the languages Fotoglot ships', () => {
  it.each([
    ['2019', '2019-01-01..2020-01-01', ''],
    ['bolo de aniversário 2019', '2019-01-01..2020-01-01', 'bolo de aniversário'],
    ['Hund am Strand im Juli 2021', '2021-07-01..2021-08-01', 'Hund am Strand'],
    ['chat en juillet 2021', '2021-07-01..2021-08-01', 'chat'],
    ['perro julio de 2021', '2021-07-01..2021-08-01', 'perro'],
    ['cane luglio 2021', '2021-07-01..2021-08-01', 'cane'],
    ['кошка в июле 2021', '2021-07-01..2021-08-01', 'кошка'],
    ['猫 2019年8月', '2019-08-01..2019-09-01', '猫'],
    ['海 2018年', '2018-01-01..2019-01-01', '海'],
    ['beach summer 2021', '2021-06-01..2021-09-01', 'beach'],
    ['Sommer 2021 See', '2021-06-01..2021-09-01', 'See'],
    ['snow winter 2020', '2020-12-01..2021-03-01', 'snow'],
    ['last Christmas', '2025-12-24..2025-12-27', ''],
    ['tree letzten Sommer', '2026-06-01..2026-09-01', 'tree'],
    ["l'été dernier plage", '2026-06-01..2026-09-01', 'plage'],
    ['Weihnachten 2019', '2019-12-24..2019-12-27', ''],
    ['yesterday', '2026-11-21..2026-11-22', ''],
    ['dog 24 December 2019', '2019-12-24..2019-12-25', 'dog'],
    ['from March 2020 to May 2020 beach', '2020-03-01..2020-06-01', 'beach'],
    // Arabic, like the others: relative days, months in both naming traditions, Arabic-Indic digits.
    ['أمس', '2026-11-21..2026-11-22', ''],
    ['قطة أمس', '2026-11-21..2026-11-22', 'قطة'],
    ['الأسبوع الماضي', '2026-11-15..2026-11-16', ''],
    ['الشهر الماضي', '2026-10-01..2026-11-01', ''],
    ['كلب على الشاطئ في يوليو 2021', '2021-07-01..2021-08-01', 'كلب على الشاطئ'],
    ['قطة يناير 2019', '2019-01-01..2019-02-01', 'قطة'],
    ['ديسمبر ٢٠١٩ ثلج', '2019-12-01..2020-01-01', 'ثلج'],
    ['كلب في تموز 2021', '2021-07-01..2021-08-01', 'كلب'],
    ['كانون الثاني ٢٠٢٠', '2020-01-01..2020-02-01', ''],
    ['تشرين الأول 2018 غابة', '2018-10-01..2018-11-01', 'غابة'],
    ['شاطئ ٢٠١٩', '2019-01-01..2020-01-01', 'شاطئ'],
    ['حديقة في عام 2019', '2019-01-01..2020-01-01', 'حديقة'],
    ['بحر صيف 2021', '2021-06-01..2021-09-01', 'بحر'],
    ['شجرة الصيف الماضي', '2026-06-01..2026-09-01', 'شجرة'],
    ['عيد الميلاد 2019', '2019-12-24..2019-12-27', ''],
    ['عيد الميلاد الماضي', '2025-12-24..2025-12-27', ''],
    ['رأس السنة 2020', '2020-12-31..2021-01-02', ''],
    ['كلب 24 ديسمبر 2019', '2019-12-24..2019-12-25', 'كلب'],
  ])('"%s" → %s, text "%s"', (query, range, text) => {
    const parsed = parseQuery(query, now);
    expect(date(query)).toBe(range);
    expect(parsed.text).toBe(text);
  });

  it('leaves words that only look like dates in the text', () => {
    for (const q of [
      'christmas tree',
      'a summer day',
      'may flowers',
      'IMG 1234 cat',
      'room 101',
      'شجرة عيد الميلاد',
      'يوم صيف',
      'غرفة ١٠١',
    ]) {
      expect(parseQuery(q, now)).toEqual({ text: q, chips: [] });
    }
  });
});

describe('parseQuery: key:value filters', () => {
  it('takes camera, tag, folder and type filters out of the text', () => {
    const parsed = parseQuery('camera:pixel tag:"Omas Garten" in:Holidays type:heic dog', now);
    expect(parsed.text).toBe('dog');
    expect(parsed.chips).toEqual([
      { kind: 'camera', value: 'pixel', text: 'camera:pixel' },
      { kind: 'tag', value: 'Omas Garten', text: 'tag:"Omas Garten"' },
      { kind: 'folder', value: 'Holidays', text: 'in:Holidays' },
      { kind: 'type', value: 'heic', text: 'type:heic' },
    ]);
  });

  it('keeps unknown keys and empty values as text', () => {
    expect(parseQuery('foo:bar tag: cat', now).chips).toEqual([]);
    expect(parseQuery('http://example.com', now).text).toBe('http://example.com');
  });
});
