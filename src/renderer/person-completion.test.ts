import { describe, expect, it } from 'vitest';
import { completePersons } from './person-completion';

const names = ['Anna', 'Anna Maria', 'Ben', 'Zoë', 'アンナ', 'Ольга'];

describe('completePersons', () => {
  it('completes the last word to every name it begins', () => {
    expect(completePersons('Strand an', names)).toEqual(['Strand Anna', 'Strand Anna Maria']);
    expect(completePersons('mar', names)).toEqual(['Anna Maria']);
    expect(completePersons('be', names)).toEqual(['Ben']);
  });

  it('compares folded: case, accents and width do not matter', () => {
    expect(completePersons('ZO', names)).toEqual(['Zoë']);
    expect(completePersons('ол', names)).toEqual(['Ольга']);
    expect(completePersons('海ｱﾝ', names)).toEqual(['海アンナ']);
  });

  it('completes the longest typed part: "anna m" is "Anna Maria"', () => {
    expect(completePersons('anna m', names)).toEqual(['Anna Maria']);
  });

  it('offers nothing for a complete name, an empty query or no match', () => {
    expect(completePersons('Ben', names)).toEqual([]);
    expect(completePersons('', names)).toEqual([]);
    expect(completePersons('Hund ', names)).toEqual([]);
    expect(completePersons('xy', names)).toEqual([]);
  });
});
