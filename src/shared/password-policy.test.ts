// The CNIL 2022 password policy: its three accepted shapes, and the refusals (short, simple, common, the
// person's own login or name).
import { describe, expect, it } from 'vitest';
import { createUserSchema } from './api.ts';
import { passwordProblem, strongEnough } from './password-policy.ts';

describe('password policy', () => {
  it('accepts the three shapes of the CNIL recommendation', () => {
    expect(passwordProblem('Tr0ub4dour&3x')).toBeNull(); // 12+ characters, four kinds
    expect(passwordProblem('velorougejardin42A')).toBeNull(); // 14+ characters, three kinds
    expect(passwordProblem('le chat de la voisine mange des croquettes')).toBeNull(); // 7 words
  });

  it('refuses what falls short of them, saying what is expected', () => {
    expect(passwordProblem('Court1!')).toBe('Le mot de passe doit comporter au moins 12 caractères.');
    expect(strongEnough('Abcdefgh1234')).toBe(false); // 12 characters, three kinds only
    expect(strongEnough('correct-horse-battery')).toBe(false); // two kinds, three words
    expect(passwordProblem('correct-horse-battery')).toMatch(/^Mot de passe trop simple : choisissez au moins 12 caractères mêlant/);
  });

  it('refuses very common passwords dressed up with digits and symbols', () => {
    for (const common of ['Azerty123456!', 'MotDePasse2024!', 'P@ssword-2026', 'Soleil_123456', 'AzertyAzerty1!']) {
      expect(passwordProblem(common), common).toMatch(/trop courant/);
    }
  });

  it('refuses the login or a part of the name inside the password', () => {
    const identity = { login: 'lea.martin', displayName: 'Léa Martin' };
    expect(passwordProblem('Lea.Martin-2026!', identity)).toMatch(/ni l’identifiant ni le nom/);
    expect(passwordProblem('Bravo-MARTIN-2026', identity)).toMatch(/ni l’identifiant ni le nom/);
    expect(passwordProblem('Vélo-rouge-du-jardin-42', identity)).toBeNull();
  });

  it('applies to accounts made through the API, login included', () => {
    const base = { login: 'lea.martin', displayName: 'Léa Martin', role: 'pupil' };
    expect(createUserSchema.safeParse({ ...base, password: 'mot-de-passe-solide' }).error?.issues[0]?.message).toMatch(/trop simple/);
    expect(createUserSchema.safeParse({ ...base, password: 'Lea.Martin-2026!' }).error?.issues[0]?.message).toMatch(/ni l’identifiant/);
    expect(createUserSchema.safeParse({ ...base, password: 'Vélo-rouge-du-jardin-42' }).success).toBe(true);
  });
});
