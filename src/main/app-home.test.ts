import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHome } from './app-home';

describe('resolveHome', () => {
  it('prefers --home, then FOTOGLOT_HOME, then the OS folder', () => {
    const env = { FOTOGLOT_HOME: '/srv/fg', XDG_DATA_HOME: '/x' };
    expect(resolveHome({ flag: 'rel/dir', env })).toBe(path.resolve('rel/dir'));
    expect(resolveHome({ env })).toBe('/srv/fg');
    expect(resolveHome({ env: {}, platform: 'linux', homedir: '/home/ana' })).toBe(
      '/home/ana/.local/share/fotoglot',
    );
    expect(resolveHome({ env: { XDG_DATA_HOME: '/x' }, platform: 'linux', homedir: '/h' })).toBe(
      '/x/fotoglot',
    );
    expect(resolveHome({ env: {}, platform: 'darwin', homedir: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/Fotoglot',
    );
    expect(
      resolveHome({ env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32' }),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Fotoglot');
  });

  it('refuses an empty --home instead of silently using the working directory', () => {
    expect(() => resolveHome({ flag: '  ', env: {} })).toThrow(/empty/);
  });
});
