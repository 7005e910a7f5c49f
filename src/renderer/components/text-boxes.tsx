/**
 * @file The text read in a photo, over the photo: each line's outline (its four corners, so a
 * rotated or upside-down line is outlined where it is) and the line itself as real,
 * transparent DOM text over it, so the user selects and copies it like any text. Inside the
 * photo's frame, so it follows zoom and pan ([Note: Viewer image]).
 */
import { useTranslation } from 'react-i18next';
import type { TextLine } from '../../shared/text-schemas';

const pct = (fraction: number) => `${String(fraction * 100)}%`;

/** The smallest upright rectangle around a line's corners, in fractions of the photo. */
function bounds(box: readonly number[]) {
  const xs = box.filter((_, i) => i % 2 === 0);
  const ys = box.filter((_, i) => i % 2 === 1);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

export function TextBoxes({ lines }: { lines: readonly TextLine[] }) {
  const { t } = useTranslation();
  return (
    <div className="text-boxes" role="group" aria-label={t('viewer.textInPhoto')}>
      <svg
        className="text-outlines"
        viewBox="0 0 1 1"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        {lines.map((line, i) => (
          <polygon key={i} points={line.box.join(' ')} vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      {lines.map((line, i) => {
        const b = bounds(line.box);
        return (
          <span
            key={i}
            className="text-line"
            // The line's own direction (Arabic right to left), whatever the UI's.
            dir="auto"
            style={{
              left: pct(b.left),
              top: pct(b.top),
              width: pct(b.width),
              height: pct(b.height),
              // A line's height in the photo's frame (a size container): the text fills it.
              fontSize: `${String(b.height * 80)}cqh`,
            }}
            onPointerDown={(event) => {
              // Selecting text is not the start of a pan.
              event.stopPropagation();
            }}
          >
            {line.text}
          </span>
        );
      })}
    </div>
  );
}
