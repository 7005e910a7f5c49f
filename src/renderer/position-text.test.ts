import { describe, expect, it } from 'vitest';
import { parsePosition } from './position-text';

describe('a pasted position', () => {
  it('reads latitude and longitude separated by a comma, semicolon or space', () => {
    expect(parsePosition('43.4633, 11.8797')).toEqual({ lat: 43.4633, lon: 11.8797 });
    expect(parsePosition(' -33.86;151.21 ')).toEqual({ lat: -33.86, lon: 151.21 });
    expect(parsePosition('48 2')).toEqual({ lat: 48, lon: 2 });
  });

  it('refuses names, out-of-range numbers and null island', () => {
    for (const text of ['Arezzo', '43.46', '91, 10', '10, 181', '0, 0', '43,46, 11,88', '1e2, 3'])
      expect(parsePosition(text), text).toBeNull();
  });
});
