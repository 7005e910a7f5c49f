/**
 * @file `useOpenPhoto(photo, opened)`: what the viewer shows for the photo the route opens.
 * Opened from a grid, the viewer steps through that grid's photos; opened from the URL alone
 * (a reload, a bookmark, Forward after the grid changed) it shows that one photo.
 */
import { useEffect, useMemo, useState } from 'react';
import { call } from '../api/call';
import type { GridItem } from '../components/photo-grid';

export interface OpenPhoto {
  items: readonly GridItem[];
  index: number;
}

export function useOpenPhoto(
  photo: number | null,
  /** The photos of the grid the user last opened a photo from. */
  opened: readonly GridItem[] | null,
): OpenPhoto | null {
  const inGrid = useMemo(() => {
    if (photo === null || opened === null) return null;
    const index = opened.findIndex((item) => item.id === photo);
    return index < 0 ? null : { items: opened, index };
  }, [photo, opened]);
  const [alone, setAlone] = useState<GridItem | null>(null);

  useEffect(() => {
    if (photo === null || inGrid !== null) return;
    let current = true;
    // A photo the library no longer knows opens nothing; the view under it stays usable.
    call('photos:get', { id: photo })
      .then(({ id, path, capturedAt, placeholder }) => {
        if (current) setAlone({ id, path, capturedAt, placeholder });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [photo, inGrid]);

  if (inGrid) return inGrid;
  return alone !== null && alone.id === photo ? { items: [alone], index: 0 } : null;
}
