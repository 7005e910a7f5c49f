/**
 * @file Paths, file names, ids, model ids and camera names shown left to right, isolated from
 * the text around them, also inside a translated sentence.
 *
 * [Note: Paths in right-to-left text]
 * In Arabic the page runs right to left, and the Unicode bidi algorithm reorders the neutral
 * characters of a value written left to right: "/home/me/Fotos Sommer" shows as
 * "home/me/Fotos Sommer/", "test-tiny" as "tiny-test", "photo-01.jpg" loses its order next to
 * Arabic words. Every such value is rendered in `<bdi dir="ltr">` (`Ltr`), in its own element,
 * never as plain text. A value interpolated into a translated sentence goes through `tLtr()`:
 * it asks i18next for the sentence with a private-use placeholder in the value's place and
 * puts an `Ltr` element there, so the translations keep their plain `{{path}}` placeholders
 * and the sentence's text (what tests and screen readers read) is unchanged. Markup rather
 * than the Unicode isolates U+2066…U+2069: those characters stay in the text, so tests that
 * compare exact text, copied text and search in the page would all see them. Attributes
 * (aria-label, title) are not displayed as laid-out text and keep the plain value.
 * e2e/languages.spec.ts checks in Arabic that every path, file name and model id on the main
 * screens is isolated.
 */
import { Fragment, type ReactNode } from 'react';
import type { TFunction } from 'i18next';

/** A value written left to right (a path, a file name, an id), isolated from the text around it. */
export function Ltr({
  children,
  className,
  title,
}: {
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <bdi dir="ltr" className={className} title={title}>
      {children}
    </bdi>
  );
}

const open = '\uE000';
const close = '\uE001';
const placeholder = new RegExp(`${open}(\\d+)${close}`, 'g');

/**
 * `t(key, values)` as React nodes, with the values named in `ltr` rendered in `Ltr` (see
 * [Note: Paths in right-to-left text]).
 */
export function tLtr(
  t: TFunction,
  key: string,
  values: Record<string, string | number>,
  ltr: readonly string[],
): ReactNode {
  const shown: string[] = [];
  const marked: Record<string, string | number> = { ...values };
  for (const name of ltr) {
    marked[name] = `${open}${String(shown.length)}${close}`;
    shown.push(String(values[name] ?? ''));
  }
  const sentence = t(key, marked);
  const parts = sentence.split(placeholder);
  // split() with a capture group alternates text and placeholder numbers.
  return parts.map((part, i) =>
    i % 2 === 0 ? <Fragment key={i}>{part}</Fragment> : <Ltr key={i}>{shown[Number(part)]}</Ltr>,
  );
}
