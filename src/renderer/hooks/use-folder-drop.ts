/**
 * @file Folders dropped anywhere on the window join the library (desktop app). A browser
 * page never learns where a dropped folder lives, so `fotoglot serve` says how to add one
 * instead. The caller adds the folders as a user action; the core checks every path (a file,
 * or a folder it cannot read, gets its message).
 */
import { useEffect, useState } from 'react';
import type { DesktopHost } from '../../shared/desktop-host';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    fotoglotHost?: DesktopHost<File>;
  }
}

/** What was dropped: folder paths (desktop app), or something a browser cannot locate. */
export type Drop = { kind: 'folders'; paths: string[] } | { kind: 'browser' };

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/** Whether something droppable is over the window; reports each drop. */
export function useFolderDrop(onDrop: (drop: Drop) => void): boolean {
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
        onDrop({ kind: 'browser' });
        return;
      }
      const paths = [...(event.dataTransfer?.files ?? [])]
        .map((file) => host.pathForFile(file))
        .filter((p) => p !== '');
      if (paths.length > 0) onDrop({ kind: 'folders', paths });
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
  }, [onDrop]);
  return over;
}
