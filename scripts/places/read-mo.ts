/**
 * @file Reads a GNU gettext .mo file (the format of Debian's geonames translations: msgid is a
 * GeoNames id, msgstr the name in the file's language). The format is a fixed header and two
 * tables of (length, offset) pairs; see the gettext manual, "The Format of GNU MO Files".
 */

/** The (msgid, msgstr) pairs of a .mo file, header entry left out. */
export function* readMo(bytes: Buffer): Generator<[string, string]> {
  const magic = bytes.readUInt32LE(0);
  const read =
    magic === 0x950412de
      ? (at: number) => bytes.readUInt32LE(at)
      : magic === 0xde120495
        ? (at: number) => bytes.readUInt32BE(at)
        : null;
  if (!read) throw new Error('not a .mo file');
  const count = read(8);
  const originals = read(12);
  const translations = read(16);
  const text = (table: number, i: number) => {
    const length = read(table + i * 8);
    const offset = read(table + i * 8 + 4);
    return bytes.toString('utf8', offset, offset + length);
  };
  for (let i = 0; i < count; i++) {
    const id = text(originals, i);
    if (id) yield [id, text(translations, i)];
  }
}
