/**
 * @file Entry of the desktop app's main process (bundled to dist/node/electron-main.cjs).
 * Hosts the same core and handlers as `fotoglot serve`, over IPC instead of HTTP.
 */
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  screen,
  session,
  shell,
} from 'electron';
import { readSetting, writeSetting } from '../db/settings';
import { appMenuTemplate } from './app-menu';
import { defaultSize, minimumSize, restoreWindowState } from './window-state';
import { eventsChannel } from '../../shared/contract';
import { createHandlers } from '../app-handlers';
import { resolveHome } from '../app-home';
import { bundlePaths } from '../bundle-paths';
import { Core } from '../core';
import { installProcessErrorHandlers } from '../process-errors';
import { registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol';
import { handleAll } from './ipc';
import { appEntryUrl } from './internal-url';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security';
import { utilityWorkerLauncher } from './utility-worker';

installProcessErrorHandlers('electron-main');

/** `--home <dir>` or `--home=<dir>` on the app's command line, as for the CLI. */
function homeFlag(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--home' || a.startsWith('--home='));
  if (i < 0) return undefined;
  const arg = argv[i] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

const home = resolveHome({ flag: homeFlag(process.argv) });
const paths = bundlePaths();
// Chromium's profile lives inside our data directory, so one folder holds everything.
app.setPath('userData', path.join(home, 'electron'));
registerAppSchemeAsPrivileged();

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

const windowStateKey = 'window.state';

function createWindow(): BrowserWindow {
  const saved = core
    ? restoreWindowState(
        readSetting(core.db.db, windowStateKey),
        screen.getAllDisplays().map((d) => d.workArea),
      )
    : null;
  const win = new BrowserWindow({
    ...(saved?.bounds ?? defaultSize),
    minWidth: minimumSize.width,
    minHeight: minimumSize.height,
    show: false,
    title: 'Fotoglot',
    backgroundColor: '#15171a',
    webPreferences: secureWebPreferences(paths.preloadScript),
  });
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    win.show();
  });
  // Remember size, place and maximized state for the next start.
  win.on('close', () => {
    if (core)
      writeSetting(core.db.db, windowStateKey, {
        bounds: win.getNormalBounds(),
        maximized: win.isMaximized(),
      });
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // The mouse's Back/Forward buttons (Windows, Linux) step through the UI's history like the menu.
  win.on('app-command', (_event, command) => {
    const history = win.webContents.navigationHistory;
    if (command === 'browser-backward' && history.canGoBack()) history.goBack();
    else if (command === 'browser-forward' && history.canGoForward()) history.goForward();
  });
  void win.loadURL(appEntryUrl);
  return win;
}

/** System notifications: when importing or indexing that took a while ends and the window is not in front, and when the disk fills up. */
function notifyWhenLongJobsFinish(opened: Core): void {
  const startedAt = new Map<string, number>();
  opened.onEvent((event) => {
    // A full disk stops the work (see [Note: Disk full]): say so even when the window is hidden.
    if (event.type === 'library:diskFull' && event.full && Notification.isSupported()) {
      new Notification({
        title: 'Fotoglot',
        body: `The disk holding ${event.full.dir} is full. Adding photos resumes by itself once you free some space.`,
      }).show();
      return;
    }
    if (event.type !== 'job:progress' || !['ingest', 'embed'].includes(event.job)) return;
    if (!startedAt.has(event.job)) startedAt.set(event.job, Date.now());
    if (event.total === 0 || event.done < event.total) return;
    const took = Date.now() - (startedAt.get(event.job) ?? Date.now());
    startedAt.delete(event.job);
    if (took < 30_000 || mainWindow?.isFocused() || !Notification.isSupported()) return;
    new Notification({
      title: 'Fotoglot',
      body:
        event.job === 'embed'
          ? `${String(event.total)} photos are ready to search.`
          : `${String(event.total)} photos imported.`,
    }).show();
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  const opened = Core.open({ home, launchWorker: utilityWorkerLauncher(paths.workerScript) });
  serveRenderer(
    paths.rendererDir,
    (kind, id) => opened.mediaFile(kind, id),
    () => opened.mapTileOrigins(),
  );
  core = opened;
  handleAll(
    ipcMain,
    createHandlers(opened, {
      kind: 'desktop',
      reveal: (file) => {
        shell.showItemInFolder(file);
      },
      openWithDefault: async (file) => {
        const failure = await shell.openPath(file);
        if (failure) throw new Error(failure);
      },
      trash: (file) => shell.trashItem(file),
      pickFolder: async () => {
        const options: Electron.OpenDialogOptions = { properties: ['openDirectory'] };
        const picked = mainWindow
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
    }),
  );
  opened.onEvent((event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(eventsChannel, event);
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(process.platform, (command) => {
        opened.emit({ type: 'ui:command', command });
      }),
    ),
  );
  notifyWhenLongJobsFinish(opened);
  mainWindow = createWindow();
  // Heavy work waits while on battery, if the user asked for that (Settings → Performance).
  const followPower = () => {
    // Every stage waits, not only importing ([Note: Pipeline]); the user's own pause stays.
    if (powerMonitor.isOnBatteryPower() && opened.settings().pauseOnBattery)
      opened.pipeline.pause('battery');
    else opened.pipeline.resume('battery');
  };
  powerMonitor.on('on-battery', followPower);
  powerMonitor.on('on-ac', followPower);
  followPower();
  opened.library.start().catch((error: unknown) => {
    console.error('[library] startup scan failed:', error);
  });
  setImmediate(() => {
    opened.search.warm();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Fotoglot owns the library; it focuses its window (below) and we leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) {
      mainWindow = createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => {
      void shell.openExternal(url);
    });
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    // Stop the worker and checkpoint the database before the process goes.
    event.preventDefault();
    quitting = true;
    void core.dispose().finally(() => {
      app.quit();
    });
  });
  start().catch((error: unknown) => {
    console.error('[electron-main] failed to start:', error);
    app.exit(1);
  });
}
