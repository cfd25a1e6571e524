// Redaction of French personal data: each detector's forms, its checks, and the masking contract.
import { describe, expect, it } from 'vitest';
import { isValidIban } from './iban.ts';
import { isValidNir } from './nir.ts';
import { findPii, redact } from './redact.ts';

const roster = [
  { firstName: 'Léa', lastName: 'Martin' },
  { firstName: 'Jean-Baptiste', lastName: 'Durand' },
];
const types = (text: string) => findPii(text, { roster }).map((s) => [s.type, text.slice(s.start, s.end)]);

describe('redact', () => {
  it('masks each kind with its French placeholder and reports spans in the original text', () => {
    const text = 'Léa Martin, 06 12 34 56 78, lea.m@gmail.com, mdp : soleil2011';
    const { redacted, spans } = redact(text, { roster });
    expect(redacted).toBe('[nom], [téléphone], [e-mail], mot de passe : [mot de passe]'.replace('mot de passe : ', 'mdp : '));
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Léa Martin', '06 12 34 56 78', 'lea.m@gmail.com', 'soleil2011']);
  });

  it('leaves a type unmasked when the school turns it off', () => {
    expect(redact('appelle le 06 12 34 56 78', { categories: { phone: false } }).redacted).toBe('appelle le 06 12 34 56 78');
  });

  it.each([
    ['06 12 34 56 78'],
    ['0612345678'],
    ['06.12.34.56.78'],
    ['06-12-34-56-78'],
    ['+33 6 12 34 56 78'],
    ['0033 6 12 34 56 78'],
    ['+33 (0)6 12 34 56 78'],
  ])('finds the phone number %s', (phone) => {
    expect(types(`mon num c'est ${phone} ok`)).toEqual([['phone', phone]]);
  });

  it('leaves help lines, years, pages and sums alone', () => {
    expect(types('appelle le 3114, le 119 ou le 3018')).toEqual([]);
    expect(types('en 1789, page 132, calcule 0612 + 3456, x = 6')).toEqual([]);
  });

  it('checks IBAN and NIR keys', () => {
    expect(isValidIban('FR7630006000011234567890189')).toBe(true);
    expect(isValidIban('FR7630006000011234567890188')).toBe(false);
    expect(isValidNir('185057800608491')).toBe(true);
    expect(isValidNir('185057800608492')).toBe(false);
    // Corsica: 2A counts as 19.
    expect(isValidNir('112012A00412377')).toBe(true);
    expect(types('RIB : FR76 3000 6000 0112 3456 7890 189 et voilà')).toEqual([['iban', 'FR76 3000 6000 0112 3456 7890 189']]);
    expect(types('le code 1 85 05 78 006 084 91')).toEqual([['nir', '1 85 05 78 006 084 91']]);
    // A wrong key is still a social security number when the pupil says so, and nothing otherwise.
    expect(types('mon numéro de sécu : 1 85 05 78 006 084 00')).toEqual([['nir', '1 85 05 78 006 084 00']]);
    expect(types('le résultat est 185057800608400')).toEqual([]);
  });

  it('finds the INE forms', () => {
    expect(types('mon INE 0123456789A')).toEqual([['ine', '0123456789A']]);
    expect(types('ine : 123456789AB')).toEqual([['ine', '123456789AB']]);
  });

  it('masks a pupil’s birth date but not a historical one', () => {
    expect(types('je suis né le 12/03/2011')).toEqual([['birthdate', '12/03/2011']]);
    expect(types('ma mère est née le 5 avril 1982')).toEqual([['birthdate', '5 avril 1982']]);
    expect(types('Victor Hugo est né le 26 février 1802')).toEqual([]);
  });

  it('masks a password given, not a sentence about passwords', () => {
    expect(types("mon mdp c'est soleil2011")).toEqual([['password', 'soleil2011']]);
    expect(types('mot de passe : chocolat')).toEqual([['password', 'chocolat']]);
    expect(types('mon mot de passe est trop court')).toEqual([]);
    expect(types('le mot de passe doit contenir 12 caractères')).toEqual([]);
    expect(types('mot de passe = suite de caractères secrète')).toEqual([]);
  });

  it('finds addresses with a number, not streets named in a lesson', () => {
    expect(types("j'habite au 12 rue des Lilas, 69003 Lyon")).toEqual([['address', '12 rue des Lilas, 69003 Lyon']]);
    expect(types("j'habite 4 rue du stade tu connais ?")).toEqual([['address', '4 rue du stade']]);
    expect(types('la rue de Rivoli date de Napoléon')).toEqual([]);
    expect(types("on a 1 cours de Maths et 2 cours d'Anglais")).toEqual([]);
  });

  it('finds roster names in either order, any case, accents or not, but not a first name alone', () => {
    expect(types('MARTIN Léa et lea martin')).toEqual([
      ['name', 'MARTIN Léa'],
      ['name', 'lea martin'],
    ]);
    expect(types('Jean Baptiste Durand est là')).toEqual([['name', 'Jean Baptiste Durand']]);
    expect(types('Léa a eu 15 et Martin 12')).toEqual([]);
  });

  it('lets the more specific finding win when two overlap', () => {
    expect(findPii('FR7630006000011234567890189').map((s) => s.type)).toEqual(['iban']);
  });
});
