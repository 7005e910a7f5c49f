/**
 * @file The viewer's stage: the photo fitted to the space it has, with zoom and pan.
 *
 * [Note: Viewer image]
 * The photo is drawn in a box computed from its pixel size and the stage's: as large as fits,
 * small photos scaled up too (an 8×8 photo fills the stage instead of being a dot), with crisp
 * pixels once one of its pixels covers four or more of the screen's. Until the 1600 px preview
 * (or, zoomed in, the original) has loaded, what the grid already has stands in its place in
 * the same box: the thumbnail (in the browser's cache) over the thumbhash placeholder, so a
 * large photo or a HEIC preview rendered on demand never shows black. Zoom scales the box about
 * its centre; pan is kept within the photo's edges and comes back to the centre at 100 %.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { thumbHashToApproximateAspectRatio } from 'thumbhash';
import { mediaUrl } from '../api/call';
import { placeholderUrl } from './thumbnail';
import type { GridItem } from './photo-grid';

interface Size {
  width: number;
  height: number;
}

/** One source pixel this many screen pixels wide or more is drawn as a crisp square. */
const crispFrom = 4;

function aspectOf(hash: string | null): number | null {
  if (!hash) return null;
  try {
    return thumbHashToApproximateAspectRatio(Uint8Array.from(atob(hash), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The largest box of the photo's shape that fits the stage (see [Note: Viewer image]). */
function fit(photo: Size, stage: Size): Size & { scale: number } {
  const scale = Math.min(stage.width / photo.width, stage.height / photo.height);
  return { width: photo.width * scale, height: photo.height * scale, scale };
}

const clampPan = (pan: { x: number; y: number }, box: Size, stage: Size, zoom: number) => {
  const maxX = Math.max(0, (box.width * zoom - stage.width) / 2);
  const maxY = Math.max(0, (box.height * zoom - stage.height) / 2);
  return {
    x: Math.max(-maxX, Math.min(maxX, pan.x)),
    y: Math.max(-maxY, Math.min(maxY, pan.y)),
  };
};

export function ViewerImage({
  item,
  name,
  zoom,
  onWheelZoom,
  overlay,
}: {
  item: GridItem;
  /** The photo's name, its alternative text. */
  name: string;
  zoom: number;
  onWheelZoom: (factor: number) => void;
  /** Drawn over the photo in its frame, so it zooms and pans with it (the face boxes). */
  overlay?: ReactNode;
}) {
  const stageRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<Size | null>(null);
  /** Pixel size of the best image loaded so far (the thumbnail, then the preview). */
  const [natural, setNatural] = useState<Size | null>(null);
  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);

  // Past 100 % the 1600 px preview would blur: the photo itself (or its preview when browsers cannot show the format).
  const preview = mediaUrl('preview', item.id);
  const src = zoom > 1 ? mediaUrl('original', item.id) : preview;
  const loaded = loadedSrc === src;
  // While the original loads, the preview (loaded before) stands in; before that, the thumbnail.
  const standIn = zoom > 1 && loadedSrc === preview ? preview : mediaUrl('thumb', item.id);

  useLayoutEffect(() => {
    const element = stageRef.current;
    if (!element) return;
    const measure = () => {
      setStage({ width: element.clientWidth, height: element.clientHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);

  const aspect = aspectOf(item.placeholder) ?? 1.5;
  const photo = natural ?? { width: aspect * 1000, height: 1000 };
  const box = stage ? fit(photo, stage) : null;
  const crisp = loaded && box !== null && box.scale >= crispFrom;

  // Zooming out brings the photo back within its edges, and to the centre at 100 % (adjusted
  // while rendering, as React advises for state that follows a prop).
  const [seenZoom, setSeenZoom] = useState(zoom);
  if (zoom !== seenZoom) {
    setSeenZoom(zoom);
    setPan((p) => (zoom <= 1 || !box || !stage ? { x: 0, y: 0 } : clampPan(p, box, stage, zoom)));
  }
  // A smaller window may leave the photo beyond its edges: shown within them.
  const shown = box && stage ? clampPan(pan, box, stage, zoom) : pan;

  const blur = placeholderUrl(item.placeholder);
  return (
    <div
      ref={stageRef}
      className="viewer-stage"
      onWheel={(event) => {
        onWheelZoom(event.deltaY < 0 ? 1.2 : 1 / 1.2);
      }}
      onPointerDown={(event) => {
        drag.current = { x: event.clientX - shown.x, y: event.clientY - shown.y };
      }}
      onPointerMove={(event) => {
        if (drag.current && zoom > 1 && box && stage)
          setPan(
            clampPan(
              { x: event.clientX - drag.current.x, y: event.clientY - drag.current.y },
              box,
              stage,
              zoom,
            ),
          );
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
    >
      {box ? (
        <div
          className={crisp ? 'viewer-frame crisp' : 'viewer-frame'}
          data-loaded={loaded}
          style={{
            width: `${String(box.width)}px`,
            height: `${String(box.height)}px`,
            transform: `translate(${String(shown.x)}px, ${String(shown.y)}px) scale(${String(zoom)})`,
            ...(blur ? { backgroundImage: `url("${blur}")` } : {}),
          }}
        >
          {loaded ? null : (
            <img
              className="viewer-stand-in"
              src={standIn}
              alt=""
              aria-hidden="true"
              draggable={false}
              onLoad={(event) => {
                const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
                if (!natural && width > 0) setNatural({ width, height });
              }}
            />
          )}
          <img
            className="viewer-photo"
            src={src}
            alt={name}
            draggable={false}
            onLoad={(event) => {
              const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
              if (width > 0) setNatural({ width, height });
              setLoadedSrc(src);
            }}
          />
          {overlay}
        </div>
      ) : null}
    </div>
  );
}
