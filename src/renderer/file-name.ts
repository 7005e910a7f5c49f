/** @file The last part of a path, whatever the separator (the library may come from Windows or POSIX). */
export const fileName = (p: string | null): string => (p ? (p.split(/[\\/]/).pop() ?? p) : '');
