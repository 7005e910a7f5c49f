/**
 * @file The native menu: what it contains and the accelerators, as a plain template (no
 * `electron` import, so it is unit tested); commands that belong to the UI reach the
 * renderer as `ui:command` events.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { UiCommand } from '../../shared/events';

export function appMenuTemplate(
  platform: NodeJS.Platform,
  send: (command: UiCommand) => void,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Add Photo Folder…',
          accelerator: 'CmdOrCtrl+O',
          click: () => {
            send('addFolder');
          },
        },
        {
          label: 'Rescan Folders',
          accelerator: 'CmdOrCtrl+R',
          click: () => {
            send('rescan');
          },
        },
        { type: 'separator' },
        {
          label: 'Settings…',
          accelerator: 'CmdOrCtrl+,',
          click: () => {
            send('settings');
          },
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        {
          label: 'Search',
          accelerator: 'CmdOrCtrl+K',
          click: () => {
            send('search');
          },
        },
        {
          label: 'Library',
          accelerator: 'CmdOrCtrl+1',
          click: () => {
            send('library');
          },
        },
        {
          label: 'Tags',
          accelerator: 'CmdOrCtrl+2',
          click: () => {
            send('tags');
          },
        },
        {
          label: 'Duplicates',
          accelerator: 'CmdOrCtrl+3',
          click: () => {
            send('duplicates');
          },
        },
        {
          label: 'People',
          accelerator: 'CmdOrCtrl+4',
          click: () => {
            send('people');
          },
        },
        {
          label: 'Places',
          accelerator: 'CmdOrCtrl+5',
          click: () => {
            send('places');
          },
        },
        { type: 'separator' },
        // The window has no address bar: Back/Forward step through the UI's history (views, searches, photos).
        {
          label: 'Back',
          accelerator: mac ? 'Cmd+[' : 'Alt+Left',
          click: () => {
            send('back');
          },
        },
        {
          label: 'Forward',
          accelerator: mac ? 'Cmd+]' : 'Alt+Right',
          click: () => {
            send('forward');
          },
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
