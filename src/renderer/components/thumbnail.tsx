/** @file One grid thumbnail: the thumbhash placeholder at once, the real thumbnail over it when loaded. */
import { useMemo, useState } from 'react';
import { thumbHashToDataURL } from 'thumbhash';
import { mediaUrl } from '../api/call';

/** Decoded placeholders, kept while scrolling back and forth (bounded: oldest out first). */
const decoded = new Map<string, string | undefined>();
const maxDecoded = 2000;

/** A thumbhash as an image URL (cached); undefined when there is none or it is damaged. */
export function placeholderUrl(hash: string | null): string | undefined {
  if (!hash) return undefined;
  if (decoded.has(hash)) return decoded.get(hash);
  let url: string | undefined;
  try {
    url = thumbHashToDataURL(Uint8Array.from(atob(hash), (c) => c.charCodeAt(0)));
  } catch {
    url = undefined;
  }
  decoded.set(hash, url);
  if (decoded.size > maxDecoded) decoded.delete(decoded.keys().next().value ?? '');
  return url;
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
