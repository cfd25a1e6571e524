// Reading school exports: encodings, separators, header spellings, merges and line-numbered errors.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeRosterBytes, guessLevel, parseRoster } from './roster.csv.ts';
import { loginBase } from './roster.plan.ts';

describe('decodeRosterBytes', () => {
  const text = 'Nom;Prénom;Classe\nLefèvre;Élodie;2NDE B\n';

  it('reads UTF-8 with and without BOM, and Windows-1252', () => {
    const utf8 = Buffer.from(text, 'utf8');
    expect(decodeRosterBytes(utf8)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeRosterBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toEqual({ text, encoding: 'utf-8-bom' });
    const latin = iconv.encode(text, 'windows-1252');
    expect(latin.length).toBeLessThan(utf8.length);
    expect(decodeRosterBytes(latin)).toEqual({ text, encoding: 'windows-1252' });
  });

  it('reads the UTF-16 text Excel saves, with its BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(decodeRosterBytes(bytes)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('keeps the characters Windows-1252 has and Latin-1 lacks (œ, ’)', () => {
    const bytes = iconv.encode('Nom;Prénom;Classe\nCœur;Anne’Marie;3E1\n', 'windows-1252');
    const { people } = parseRoster(decodeRosterBytes(bytes).text);
    expect(people[0]).toMatchObject({ lastName: 'Cœur', firstName: 'Anne’Marie' });
  });
});

describe('parseRoster', () => {
  it('reads an ENT export with identifiers, profiles and several classes for a teacher', () => {
    const csv = [
      'Identifiant;Nom;Prénom;Profil;Classe;Login',
      'AB12;Martin;Léa;Élève;2NDE B;lea.martin',
      'CD34;Durand;Paul;National_ENS;"2NDE B, 1G2";',
      'EF56;Petit;Jeanne;Parent;;',
    ].join('\r\n');
    const roster = parseRoster(csv);
    expect(roster.errors).toEqual([]);
    expect(roster.separator).toBe(';');
    expect(roster.idScheme).toBe('ent');
    expect(roster.rowCount).toBe(3);
    expect(roster.people).toEqual([
      {
        line: 2,
        externalId: 'ent:AB12',
        firstName: 'Léa',
        lastName: 'Martin',
        displayName: 'Léa Martin',
        role: 'pupil',
        classes: [{ name: '2NDE B', level: '2nde' }],
        login: 'lea.martin',
      },
      expect.objectContaining({ line: 3, externalId: 'ent:CD34', role: 'teacher', classes: [{ name: '2NDE B', level: '2nde' }, { name: '1G2', level: '1re' }], login: undefined }),
    ]);
    expect(roster.skipped).toEqual([{ line: 4, message: expect.stringContaining('profil « Parent » ignoré') as string }]);
  });

  it('reads a SIECLE-style list with commas, upper-case headers and a birth date it never keeps', () => {
    const csv = 'NOM,PRENOM,DATE NAISS,DIVISION,INE\nMARTIN,Léa,01/02/2010,6E3,123456789AB\nMARTIN,Léa,03/04/2010,6E1,987654321CD\n';
    const roster = parseRoster(csv);
    expect(roster.errors).toEqual([]);
    expect(roster.separator).toBe(',');
    expect(roster.idScheme).toBe('key');
    expect(roster.unusedColumns).toEqual(['DATE NAISS', 'INE']);
    // Homonyms are told apart by the birth date, which only enters a hash.
    const [a, b] = roster.people;
    expect(a?.externalId).toMatch(/^key:[0-9a-f]{32}$/);
    expect(a?.externalId).not.toBe(b?.externalId);
    expect(JSON.stringify(roster.people)).not.toContain('2010');
    expect(JSON.stringify(roster.people)).not.toContain('123456789AB');
  });

  it('gives the same key to the same pupil in a later file, whatever its class or accents in the header', () => {
    const first = parseRoster('Nom;Prénom;Classe\nMartin;Léa;6E3\n').people[0];
    const later = parseRoster('NOM;PRENOM;CLASSE\nMartin;Léa;5E2\n').people[0];
    expect(first?.externalId).toBe(later?.externalId);
  });

  it('merges the lines of a teacher listed once per class', () => {
    const roster = parseRoster('Identifiant;Nom;Prénom;Profil;Classe\nT1;Durand;Paul;Enseignant;6E1\nT1;Durand;Paul;Enseignant;5E2\n');
    expect(roster.people).toHaveLength(1);
    expect(roster.people[0]?.classes.map((c) => c.name)).toEqual(['6E1', '5E2']);
  });

  it('reports each bad line with its number and a French reason, and keeps the good ones', () => {
    const csv = [
      'Identifiant;Nom;Prénom;Profil;Classe;Niveau',
      'A1;Martin;Léa;Élève;2NDE B;',
      'A2;;Paul;Élève;2NDE B;',
      'A3;Petit;Zoé;Élève;"2NDE B, 2NDE C";',
      'A4;Roux;Noé;Chauffeur;2NDE B;',
      'A5;Blanc;Lou;Élève;;',
      'A6;Noir;Ali;Élève;Atelier;septième',
      'A1;Martin;Léa;Élève;1G1;',
    ].join('\n');
    const roster = parseRoster(csv);
    expect(roster.people.map((p) => p.externalId)).toEqual(['ent:A1']);
    expect(roster.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(roster.errors[0]?.message).toBe('ligne 3 : le nom est vide.');
    expect(roster.errors[1]?.message).toMatch(/un élève appartient à une seule classe/);
    expect(roster.errors[2]?.message).toMatch(/profil « Chauffeur » inconnu/);
    expect(roster.errors[3]?.message).toMatch(/la classe de l’élève est vide/);
    expect(roster.errors[4]?.message).toMatch(/niveau « septième » inconnu/);
    expect(roster.errors[5]?.message).toBe('ligne 8 : personne déjà présente ligne 2 (même identifiant).');
  });

  it('tells homonyms without identifier or birth date to add a column', () => {
    const roster = parseRoster('Nom;Prénom;Classe\nMartin;Léa;6E1\nMartin;Léa;6E2\n');
    expect(roster.errors).toEqual([{ line: 3, message: expect.stringContaining('ajoutez une colonne Identifiant ou Date de naissance') as string }]);
  });

  it('counts lines through quoted line breaks, and reports an unclosed quote', () => {
    const roster = parseRoster('Nom;Prénom;Classe\n"Martin\nDupont";Léa;6E1\n;Paul;6E1\n');
    expect(roster.errors).toEqual([{ line: 4, message: 'ligne 4 : le nom est vide.' }]);
    expect(roster.people[0]?.line).toBe(2);
    expect(parseRoster('Nom;Prénom;Classe\nMartin;"Léa;6E1\n').errors[0]?.message).toMatch(/^ligne \d : guillemet ouvert jamais refermé\.$/);
  });

  it('refuses a file without the name columns or without a separator', () => {
    expect(parseRoster('Élève;Classe\nMARTIN Léa;6E1\n').errors[0]?.message).toMatch(/^ligne 1 : colonne « Nom » et « Prénom » introuvable/);
    expect(parseRoster('juste du texte\n').errors[0]?.message).toMatch(/^ligne 1 : en-tête introuvable/);
    expect(parseRoster('').errors).toHaveLength(1);
  });
});

describe('guessLevel and loginBase', () => {
  it.each([
    ['6E3', '6e'],
    ['5EME A', '5e'],
    ['4 B', '4e'],
    ['3ème 2', '3e'],
    ['2NDE B', '2nde'],
    ['Seconde 4', '2nde'],
    ['1G2', '1re'],
    ['1ère STMG', '1re'],
    ['TG1', 'terminale'],
    ['Terminale S', 'terminale'],
  ])('%s is %s', (name, level) => expect(guessLevel(name)).toBe(level));

  it('has no level for a name that does not say', () => expect(guessLevel('Atelier théâtre')).toBeUndefined());

  it('makes ASCII logins from French names', () => {
    expect(loginBase('Élodie', 'Lefèvre')).toBe('elodie.lefevre');
    expect(loginBase('Jean Pierre', "D'Arc-Ø")).toBe('jean-pierre.d-arc');
    expect(loginBase('', '')).toBe('compte');
  });
});
