import { describe, expect, it } from 'vitest';
import { parseMediaPath } from './media-route';

describe('parseMediaPath', () => {
  it('accepts a kind and a positive photo id, nothing else', () => {
    expect(parseMediaPath('/media/thumb/12')).toEqual({ kind: 'thumb', photoId: 12 });
    expect(parseMediaPath('/media/preview/1')).toEqual({ kind: 'preview', photoId: 1 });
    expect(parseMediaPath('/media/original/3')).toEqual({ kind: 'original', photoId: 3 });
    for (const hostile of [
      '/media/thumb/0',
      '/media/thumb/-1',
      '/media/thumb/1.5',
      '/media/thumb/12/',
      '/media/thumb/../../etc/passwd',
      '/media/thumb/%2e%2e%2fsecret',
      '/media/original/3/../../etc/passwd',
      '/media/full/3',
      '/media/thumb/99999999999999999999',
      '/media/thumb/1?x=/etc/passwd',
      '/media//thumb/1',
    ])
      expect(parseMediaPath(hostile), hostile).toBeNull();
  });
});
