/** @file The last part of a path, whatever the separator (the library may come from Windows or POSIX). */
export const fileName = (p: string | null): string => (p ? (p.split(/[\\/]/).pop() ?? p) : '');

/** The folder part of a path (everything before the last separator); '' when there is none. */
export const folderOf = (p: string | null): string => {
  if (!p) return '';
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return cut > 0 ? p.slice(0, cut) : '';
};
