/** @file One grid thumbnail: the thumbhash placeholder at once, the real thumbnail over it when loaded. */
import { useMemo, useState } from 'react';
import { thumbHashToDataURL } from 'thumbhash';
import { mediaUrl } from '../api/call';

function placeholderUrl(hash: string | null): string | undefined {
  if (!hash) return undefined;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(hash), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function Thumbnail({ id, placeholder }: { id: number; placeholder: string | null }) {
  const [loaded, setLoaded] = useState(false);
  const blur = useMemo(() => placeholderUrl(placeholder), [placeholder]);
  return (
    <span className="thumb">
      {blur ? <img className="thumb-placeholder" src={blur} alt="" aria-hidden="true" /> : null}
      <img
        className={loaded ? 'thumb-image loaded' : 'thumb-image'}
        src={mediaUrl('thumb', id)}
        alt=""
        loading="lazy"
        decoding="async"
        draggable={false}
        onLoad={() => {
          setLoaded(true);
        }}
      />
    </span>
  );
}
