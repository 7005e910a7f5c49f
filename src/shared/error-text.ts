/**
 * @file Anything thrown or logged, as one readable line.
 *
 * [Note: Errors as one line]
 * Libraries throw and log more than Error objects: libheif hands out plain objects
 * (`{ code, subcode, message }`, with Emscripten handles beside them), others throw strings or
 * nothing at all. `String(x)` makes "[object Object]" of those, and a console dumps them over
 * several lines (through the CLI's progress bar). Whatever reaches a person goes through
 * describeError: an Error's or an object's message, else a short JSON of its plain fields,
 * first line only, whitespace collapsed.
 */

/** The longest text kept from one thrown or logged value. */
const maxLength = 300;

function oneLine(text: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const line = first.replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

/** `error` (any thrown or logged value) as one line of text for people; never "[object Object]". */
export function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(error.message) || error.name;
  if (typeof error === 'string') return oneLine(error);
  if (error === null || error === undefined) return 'unknown error';
  if (typeof error === 'object') {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return oneLine(message);
    const plain = Object.entries(error).filter(
      ([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
    );
    if (plain.length > 0) return oneLine(JSON.stringify(Object.fromEntries(plain)));
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== 'Object' ? name : 'unknown error';
  }
  if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint')
    return String(error);
  return 'unknown error';
}

/** A console call's arguments as one line: strings as they are, everything else described. */
export function describeLogArgs(args: readonly unknown[]): string {
  return oneLine(
    args
      .map((a) => (typeof a === 'string' ? a : describeError(a)))
      .filter((a) => a !== '')
      .join(' '),
  );
}
