import { describe, expect, it } from 'vitest';
import { allMatches } from './all-matches.ts';

describe('allMatches', () => {
  const same = (pattern: RegExp, text: string) => {
    const ours = allMatches(pattern, text).map((m) => [m.index, [...m]]);
    expect(ours).toEqual([...text.matchAll(pattern)].map((m) => [m.index, [...m]]));
    expect(pattern.lastIndex).toBe(0);
    return ours;
  };

  it('finds what matchAll finds, groups and positions included, and can be called again', () => {
    const pattern = /(\d{2})h(\d{2})?/g;
    expect(same(pattern, 'à 08h30, puis 14h et 17h45')).toHaveLength(3);
    expect(same(pattern, 'rien')).toEqual([]);
    expect(same(pattern, '09h')).toEqual([[0, ['09h', '09', undefined]]]);
  });

  it('steps over empty matches, a whole character at a time in Unicode mode', () => {
    expect(same(/x*/g, 'axxb')).toHaveLength(4);
    expect(same(/(?:)/gu, 'a😀b')).toHaveLength(4);
    expect(same(/\p{L}*/gu, 'été 😀 ok')).toHaveLength(6);
  });

  it('starts from the beginning whatever lastIndex says, and refuses a non-global expression', () => {
    const pattern = /a/g;
    pattern.lastIndex = 3;
    expect(allMatches(pattern, 'aaaa')).toHaveLength(4);
    expect(() => allMatches(/a/, 'a')).toThrow(TypeError);
  });
});
