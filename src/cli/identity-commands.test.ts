// `tuteur import roster` against a real SQLite file: dry run, import, errors and the progress bar.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/connection.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { HttpError } from '../server/http/errors.ts';
import { registerIdentityCommands, type ProgressStream } from './identity-commands.ts';

const UAI = '0691234A';

describe('tuteur import roster', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let bar: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuteur-roster-cli-'));
    out = [];
    err = [];
    bar = [];
    const database = openDatabase({ kind: 'sqlite', file: join(dir, 'tuteur.sqlite') });
    await migrateToLatest(database.db);
    await database.db.insertInto('schools').values({ id: '00000000-0000-4000-8000-000000000001', uai: UAI, name: 'Lycée Test', created_at: 1 }).execute();
    await database.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[], stderr: ProgressStream = { isTTY: false, write: (t) => bar.push(t) }): Promise<void> {
    const program = new Command('tuteur').exitOverride();
    registerIdentityCommands(program, { out: (l) => out.push(l), err: (l) => err.push(l), env: { TUTEUR_DATA_DIR: dir }, cwd: dir }, { stderr });
    await program.parseAsync(args, { from: 'user' });
  }

  const count = async () => {
    const database = openDatabase({ kind: 'sqlite', file: join(dir, 'tuteur.sqlite') });
    try {
      const row = await database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await database.close();
    }
  };

  it('shows a dry run without writing, then imports a Windows-1252 file', async () => {
    writeFileSync(join(dir, 'eleves.csv'), iconv.encode('Nom;Prénom;Classe\nLefèvre;Élodie;2NDE B\nMartin;Léa;6E1\n', 'windows-1252'));
    await run(['import', 'roster', 'eleves.csv', '--school', UAI.toLowerCase(), '--dry-run']);
    expect(out).toContain('Fichier : 2 lignes, encodage windows-1252, séparateur « ; »');
    expect(out).toContain('  ligne 2 : elodie.lefevre — Élodie Lefèvre, élève, 2NDE B');
    expect(out.at(-1)).toBe('Simulation : rien n’a été modifié.');
    expect(await count()).toBe(0);

    out = [];
    await run(['import', 'roster', 'eleves.csv', '--school', UAI]);
    expect(out).toContain('Classes à créer : 2');
    expect(out.at(-1)).toBe('Import terminé.');
    expect(await count()).toBe(2);
  });

  it('prints line-numbered errors and fails without writing', async () => {
    writeFileSync(join(dir, 'eleves.csv'), 'Nom;Prénom;Classe\nMartin;;6E1\nDurand;Paul;6E1\n');
    const failure = run(['import', 'roster', 'eleves.csv', '--school', UAI]);
    await expect(failure).rejects.toThrow(HttpError);
    await expect(failure).rejects.toThrow('1 erreur dans le fichier : import refusé, rien n’a été modifié.');
    expect(err).toEqual(['ligne 2 : le prénom est vide.']);
    expect(await count()).toBe(0);
  });

  it('says so when the file or the school does not exist', async () => {
    await expect(run(['import', 'roster', 'absent.csv', '--school', UAI])).rejects.toThrow(/Fichier introuvable ou illisible : .*absent\.csv/);
    writeFileSync(join(dir, 'eleves.csv'), 'Nom;Prénom;Classe\nMartin;Léa;6E1\n');
    await expect(run(['import', 'roster', 'eleves.csv', '--school', '0999999Z'])).rejects.toThrow('Aucun établissement avec l’UAI 0999999Z.');
  });

  it('draws a progress bar on a terminal for a large file, and quarter lines in a log', async () => {
    const lines = ['Nom;Prénom;Classe', ...Array.from({ length: 1200 }, (_, i) => `Nom${i};Prénom${i};6E${(i % 4) + 1}`)];
    writeFileSync(join(dir, 'college.csv'), lines.join('\n'));
    const tty: string[] = [];
    await run(['import', 'roster', 'college.csv', '--school', UAI], { isTTY: true, write: (t) => tty.push(t) });
    expect(tty.length).toBeGreaterThan(1);
    expect(tty.at(-2)).toBe('\rÉcriture [##############################] 100 % (1200/1200)');
    expect(tty.at(-1)).toBe('\n');

    const more = [...lines, ...Array.from({ length: 800 }, (_, i) => `Autre${i};Prénom${i};5E1`)];
    writeFileSync(join(dir, 'college.csv'), more.join('\n'));
    await run(['import', 'roster', 'college.csv', '--school', UAI]);
    // Rows are written 400 at a time.
    expect(bar).toEqual(['Écriture : 50 % (400/800)\n', 'Écriture : 100 % (800/800)\n']);
    expect(await count()).toBe(2000);
  });
});
