/**
 * @file A face cut out of its photo's grid thumbnail: a square around the face's box, drawn by
 * placing the thumbnail inside a clipped square. The thumbnail is already in the browser's
 * cache from the grid, and boxes are fractions of the photo as displayed (after EXIF rotation,
 * as thumbnails are), so no extra media route is needed.
 */
import { useState } from 'react';
import { mediaUrl } from '../api/call';

/** Room around the face's box: hair and chin, so the face is recognisable at a glance. */
const margin = 1.6;

export function FaceCrop({
  photoId,
  box,
  size,
  label,
}: {
  photoId: number;
  /** x, y, width, height as fractions of the photo. */
  box: readonly [number, number, number, number];
  /** Side of the square in CSS pixels. */
  size: number;
  /** What the crop shows, for screen readers; without it the crop is decoration. */
  label?: string;
}) {
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  let style: React.CSSProperties = { visibility: 'hidden' };
  if (natural) {
    const [x, y, w, h] = box;
    const side = Math.max(w * natural.width, h * natural.height) * margin;
    const scale = size / side;
    const cx = (x + w / 2) * natural.width;
    const cy = (y + h / 2) * natural.height;
    style = {
      width: `${String(natural.width * scale)}px`,
      height: `${String(natural.height * scale)}px`,
      // Physical left on purpose: the crop is of the picture, which is never mirrored.
      left: `${String((side / 2 - cx) * scale)}px`,
      top: `${String((side / 2 - cy) * scale)}px`,
    };
  }
  return (
    <span
      className="face-crop"
      style={{ width: `${String(size)}px`, height: `${String(size)}px` }}
      {...(label === undefined ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
    >
      <img
        src={mediaUrl('thumb', photoId)}
        alt=""
        draggable={false}
        style={style}
        onLoad={(event) => {
          const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
          if (width > 0) setNatural({ width, height });
        }}
      />
    </span>
  );
}
