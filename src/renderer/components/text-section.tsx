/**
 * @file The "Text" section of the viewer's info panel: the lines read in the photo as plain,
 * selectable text with a button that copies them all, the words a search matched marked; or
 * why there is none (not read yet, no text found).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoText } from '../hooks/use-photo-text';

/** `line` with the `words` it contains marked (the words as the photo writes them). */
function marked(line: string, words: readonly string[]): ReactNode[] {
  const found = words.filter((w) => w !== '' && line.includes(w));
  if (found.length === 0) return [line];
  const escaped = found.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return line
    .split(new RegExp(`(${escaped.join('|')})`, 'u'))
    .map((part, i) => (found.includes(part) ? <mark key={i}>{part}</mark> : part));
}

export function TextSection({
  text,
  matches,
}: {
  text: PhotoText | null;
  /** Words of the text a search matched ([Note: Text in search]). */
  matches: readonly string[];
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  if (!text) return null;
  const all = text.lines.map((l) => l.text).join('\n');
  return (
    <section className="text-section" aria-label={t('viewer.text')}>
      <h3>{t('viewer.text')}</h3>
      {!text.read ? (
        <p className="text-note">{t('viewer.textNotRead')}</p>
      ) : text.lines.length === 0 ? (
        <p className="text-note">{t('viewer.textNone')}</p>
      ) : (
        <>
          <ol className="text-lines">
            {text.lines.map((line, i) => (
              <li key={i} dir="auto">
                {marked(line.text, matches)}
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              // Without clipboard access the lines above can still be selected and copied.
              navigator.clipboard.writeText(all).then(
                () => {
                  setCopied(true);
                },
                () => undefined,
              );
            }}
          >
            {copied ? t('viewer.textCopied') : t('viewer.copyText')}
          </button>
        </>
      )}
    </section>
  );
}
