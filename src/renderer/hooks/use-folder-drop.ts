/**
 * @file Folders dropped anywhere on the window join the library (desktop app). A browser
 * page never learns where a dropped folder lives, so `fotoglot serve` says how to add one
 * instead; the core checks every path (a file, or a folder it cannot read, gets its message).
 */
import { useEffect, useState } from 'react';
import type { DesktopHost } from '../../shared/desktop-host';
import { call } from '../api/call';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    fotoglotHost?: DesktopHost<File>;
  }
}

export type DropOutcome =
  { kind: 'added'; paths: string[] } | { kind: 'failed'; message: string } | { kind: 'browser' };

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/** Whether something droppable is over the window; reports each drop's outcome. */
export function useFolderDrop(onOutcome: (outcome: DropOutcome) => void): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child element crossed: count them.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overWindow = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would open the dropped file in place of the app.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const host = window.fotoglotHost;
      if (!host) {
        onOutcome({ kind: 'browser' });
        return;
      }
      const paths = [...(event.dataTransfer?.files ?? [])]
        .map((file) => host.pathForFile(file))
        .filter((p) => p !== '');
      void (async () => {
        const added: string[] = [];
        for (const path of paths) {
          try {
            added.push((await call('library:addFolder', { path, watch: true })).path);
          } catch (error) {
            onOutcome({
              kind: 'failed',
              message: error instanceof Error ? error.message : String(error),
            });
          }
        }
        if (added.length > 0) onOutcome({ kind: 'added', paths: added });
      })();
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('drop', drop);
    };
  }, [onOutcome]);
  return over;
}
