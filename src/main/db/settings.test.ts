import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryDatabase } from './library-database';
import { deleteSetting, readSetting, writeSetting } from './settings';

let library: LibraryDatabase;
beforeEach(() => {
  library = LibraryDatabase.open(':memory:');
});
afterEach(() => {
  library.close();
  vi.restoreAllMocks();
});

/** Stores raw text under `key`, as an older version or a hand edit would have. */
function storeRaw(key: string, value: string): void {
  library.db
    .prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);
}

describe('settings', () => {
  it('round-trips typed values and reads unset or deleted keys as undefined', () => {
    expect(readSetting(library.db, 'xmp.write')).toBeUndefined();
    writeSetting(library.db, 'xmp.write', true);
    writeSetting(library.db, 'inference.threads', 6);
    writeSetting(library.db, 'window.state', {
      bounds: { x: 1, y: 2, width: 800, height: 600 },
      maximized: false,
    });
    expect(readSetting(library.db, 'xmp.write')).toBe(true);
    expect(readSetting(library.db, 'inference.threads')).toBe(6);
    expect(readSetting(library.db, 'window.state')?.bounds.width).toBe(800);
    deleteSetting(library.db, 'xmp.write');
    expect(readSetting(library.db, 'xmp.write')).toBeUndefined();
  });

  it('rejects unknown keys and wrongly typed values at compile time', () => {
    // Only checked by tsc: each line below must stay a type error.
    // @ts-expect-error -- not a settings key
    expect(readSetting(library.db, 'ui.langauge')).toBeUndefined();
    // @ts-expect-error -- xmp.write holds a boolean
    writeSetting(library.db, 'xmp.write', 'yes');
    // @ts-expect-error -- not a settings key
    deleteSetting(library.db, 'nope');
  });

  it('reads a stored value that fails its schema as undefined and logs it once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    storeRaw('inference.threads', '"four"');
    storeRaw('inference.provider', '"tpu"');
    storeRaw('model.active', '{not json');
    storeRaw('window.state', JSON.stringify({ bounds: { x: 'a', y: 0, width: 1, height: 1 } }));
    expect(readSetting(library.db, 'inference.threads')).toBeUndefined();
    expect(readSetting(library.db, 'inference.threads')).toBeUndefined();
    expect(readSetting(library.db, 'inference.provider')).toBeUndefined();
    expect(readSetting(library.db, 'model.active')).toBeUndefined();
    expect(readSetting(library.db, 'window.state')).toBeUndefined();
    // No NaN or infinite sizes for the window (JSON turns NaN into null).
    storeRaw(
      'window.state',
      '{"bounds":{"x":null,"y":0,"width":800,"height":600},"maximized":true}',
    );
    expect(readSetting(library.db, 'window.state')).toBeUndefined();
    expect(warn.mock.calls.map(([line]) => String(line).split(' = ')[0])).toEqual([
      '[settings] ignoring stored inference.threads',
      '[settings] ignoring stored inference.provider',
      '[settings] ignoring stored model.active',
      '[settings] ignoring stored window.state',
    ]);
  });
});
