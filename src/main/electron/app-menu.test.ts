import { describe, expect, it } from 'vitest';
import type { UiCommand } from '../../shared/events';
import { appMenuTemplate } from './app-menu';

type Item = {
  label?: string;
  accelerator?: string;
  role?: string;
  submenu?: Item[];
  click?: () => void;
};

const flatten = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

describe('appMenuTemplate', () => {
  it('has the commands with their accelerators, sent to the UI as ui:command', () => {
    const sent: UiCommand[] = [];
    const items = flatten(appMenuTemplate('linux', (c) => sent.push(c)) as Item[]);
    const byLabel = (label: string) => items.find((i) => i.label === label);
    expect(byLabel('Add Photo Folder…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel('Search')?.accelerator).toBe('CmdOrCtrl+K');
    expect(byLabel('Settings…')?.accelerator).toBe('CmdOrCtrl+,');
    for (const label of [
      'Add Photo Folder…',
      'Rescan Folders',
      'Settings…',
      'Search',
      'Library',
      'Tags',
      'Duplicates',
      'People',
      'Places',
      'Back',
      'Forward',
    ])
      byLabel(label)?.click?.();
    expect(sent).toEqual([
      'addFolder',
      'rescan',
      'settings',
      'search',
      'library',
      'tags',
      'duplicates',
      'people',
      'places',
      'back',
      'forward',
    ]);
    expect(byLabel('Back')?.accelerator).toBe('Alt+Left');
    expect(byLabel('Forward')?.accelerator).toBe('Alt+Right');
    expect(items.some((i) => i.role === 'quit')).toBe(true);
  });

  it('uses the application menu and close on macOS', () => {
    const items = flatten(appMenuTemplate('darwin', () => undefined) as Item[]);
    expect(items[0]?.role).toBe('appMenu');
    expect(items.some((i) => i.role === 'quit')).toBe(false);
    expect(items.find((i) => i.label === 'Back')?.accelerator).toBe('Cmd+[');
  });
});
