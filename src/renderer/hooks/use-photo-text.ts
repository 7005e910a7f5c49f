/** @file `usePhotoText(id)`: the text read in a photo (`text:ofPhoto`), for the viewer. */
import { useEffect, useState } from 'react';
import type { ChannelValue } from '../../shared/contract';
import { call } from '../api/call';

export type PhotoText = ChannelValue<'text:ofPhoto'>;

/** The photo's text; null while it loads or when it cannot be read (the viewer goes on without). */
export function usePhotoText(photoId: number): PhotoText | null {
  const [text, setText] = useState<{ id: number; value: PhotoText } | null>(null);
  useEffect(() => {
    let alive = true;
    call('text:ofPhoto', { id: photoId })
      .then((value) => {
        if (alive) setText({ id: photoId, value });
      })
      .catch(() => {
        if (alive) setText(null);
      });
    return () => {
      alive = false;
    };
  }, [photoId]);
  // Never the previous photo's text for a moment.
  return text?.id === photoId ? text.value : null;
}
