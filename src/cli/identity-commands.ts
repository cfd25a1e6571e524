// `tuteur import roster FILE --school UAI [--dry-run]`: a school's CSV export (ENT, Pronote, SIECLE) into
// classes and accounts, with a preview, line-numbered French errors and a progress bar for large files.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock, type Clock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connection.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { HttpError } from '../server/http/errors.ts';
import { createAuthRepo } from '../server/modules/auth/auth.repo.ts';
import type { RosterPreview } from '../server/modules/roster/roster.service.ts';
import { createIdentityServices } from '../server/modules/sso/identity.routes.ts';

export interface IdentityCommandsIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Where the progress bar goes: the process's stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface IdentityCommandsOptions {
  stderr?: ProgressStream;
  clock?: Clock;
}

/** Files with fewer changes than this are written too fast for a bar to help. */
const PROGRESS_MIN = 500;
const LIST_MAX = 30;

/** A bar redrawn in place on a terminal; on a log file, one line per quarter. */
export function progressBar(stream: ProgressStream, label: string) {
  let lastQuarter = -1;
  return {
    update(done: number, total: number): void {
      if (total < PROGRESS_MIN) return;
      const ratio = Math.min(1, done / total);
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)} % (${done}/${total})`);
        if (done >= total) stream.write('\n');
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${label} : ${quarter * 25} % (${done}/${total})\n`);
      }
    },
  };
}

function printList<T>(out: (line: string) => void, title: string, items: T[], line: (item: T) => string): void {
  out(`${title} : ${items.length}`);
  for (const item of items.slice(0, LIST_MAX)) out(`  ${line(item)}`);
  if (items.length > LIST_MAX) out(`  … et ${items.length - LIST_MAX} autres`);
}

export function printRosterPreview(out: (line: string) => void, preview: RosterPreview): void {
  out(`Établissement : ${preview.school.uai} ${preview.school.name}`);
  out(`Fichier : ${preview.rows} ligne${preview.rows > 1 ? 's' : ''}, encodage ${preview.encoding}, séparateur « ${preview.separator} »`);
  printList(out, 'Classes à créer', preview.classesToCreate, (c) => `${c.name} (${c.level})`);
  printList(out, 'Comptes à créer', preview.create, (c) => `ligne ${c.line} : ${c.login} — ${c.displayName}, ${c.role}${c.classes.length ? `, ${c.classes.join(', ')}` : ''}`);
  printList(out, 'Comptes modifiés', preview.update, (u) => `ligne ${u.line} : ${u.login} — ${u.changes.join(' ; ')}`);
  printList(out, 'Comptes marqués comme partis', preview.leave, (l) => `${l.login} — ${l.displayName}, ${l.role}`);
  out(`Comptes inchangés : ${preview.unchanged}`);
  if (preview.skipped.length) printList(out, 'Lignes ignorées', preview.skipped, (s) => s.message);
  if (preview.unusedColumns.length) out(`Colonnes lues mais jamais conservées : ${preview.unusedColumns.join(', ')}`);
}

export function registerIdentityCommands(program: Command, io: IdentityCommandsIo, options: IdentityCommandsOptions = {}): void {
  const stderr = options.stderr ?? process.stderr;
  const clock = options.clock ?? systemClock;
  const importCommand = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('Imports de données de l’établissement');

  importCommand
    .command('roster')
    .description('Importe classes, élèves et enseignants depuis un export CSV (ENT, Pronote, SIECLE) ; voir docs/identite.md')
    .argument('<fichier>', 'fichier CSV (UTF-8 ou Windows-1252, séparateur « ; » ou « , »)')
    .requiredOption('--school <uai>', 'UAI de l’établissement')
    .option('--dry-run', 'montre ce que l’import ferait, sans rien modifier')
    .option('--partial', 'le fichier ne couvre qu’une partie de l’établissement : personne n’est marqué comme parti')
    .option('--json', 'sortie JSON')
    .action(async (file: string, opts: { school: string; dryRun?: boolean; partial?: boolean; json?: boolean }) => {
      const path = resolve(io.cwd, file);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        throw new HttpError(404, 'file_not_found', `Fichier introuvable ou illisible : ${path}`);
      }
      const config = loadConfig(io.env, io.cwd);
      const database = openDatabase(config.database);
      try {
        await migrateToLatest(database.db);
        const authRepo = createAuthRepo(database.db);
        // The CLI runs beside the server: ending sessions in the database is what reaches the person.
        const { roster } = createIdentityServices({
          db: database.db,
          clock,
          revokeAccess: async (userId) => {
            await authRepo.revokeUserSessions(userId, clock.now());
          },
        });
        const schoolId = await roster.schoolIdByUai(opts.school);
        const source = { bytes: new Uint8Array(bytes) };
        const bar = progressBar(stderr, 'Écriture');
        const result = opts.dryRun
          ? { applied: false, preview: await roster.preview('cli', schoolId, source, { partial: opts.partial }) }
          : await roster.import('cli', schoolId, source, { partial: opts.partial, onProgress: (done, total) => bar.update(done, total) });
        const { preview } = result;
        if (opts.json) io.out(JSON.stringify({ applied: result.applied, ...preview }));
        else printRosterPreview(io.out, preview);
        if (preview.errors.length > 0) {
          if (!opts.json) for (const e of preview.errors.slice(0, 200)) io.err(e.message);
          const n = preview.errors.length;
          throw new HttpError(422, 'roster_invalid', `${n} erreur${n > 1 ? 's' : ''} dans le fichier : ${opts.dryRun ? 'corrigez-les avant l’import' : 'import refusé, rien n’a été modifié'}.`);
        }
        if (!opts.json) io.out(opts.dryRun ? 'Simulation : rien n’a été modifié.' : 'Import terminé.');
      } finally {
        await database.close();
      }
    });
}
