import { describe, expect, it } from 'vitest';
import { generatePassword } from './password.ts';

describe('generatePassword', () => {
  it('gives four groups of four unambiguous characters, long enough for the server (12+)', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(password.length).toBeGreaterThanOrEqual(12);
    }
  });

  it('differs from one call to the next', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(seen.size).toBe(50);
  });

  it('skips biased bytes', () => {
    // 255 is above the rejection limit and must never map to a character.
    const password = generatePassword((bytes) => bytes.fill(255).fill(0, 16));
    expect(password).toBe('aaaa-aaaa-aaaa-aaaa');
  });
});
