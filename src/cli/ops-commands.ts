// `tuteur backup` and `tuteur restore`: the operator's commands to save and bring back a SQLite installation
// (PostgreSQL: pg_dump, see docs/deploiement.md). They open the database file and the key file themselves.
import type { Command } from 'commander';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { HttpError } from '../server/http/errors.ts';
import { ArchiveError, backupSqlite, restoreSqlite } from '../server/ops/backup.ts';
import type { CliIo } from './main.ts';

const dateTime = (ms: number) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(new Date(ms));

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;

/** An unusable archive or a refused operation is an ordinary error for the CLI ("Erreur : …", code 1). */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ArchiveError) throw new HttpError(400, 'backup_refused', error.message);
    throw error;
  }
}

export function registerOpsCommands(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description('Sauvegarde chiffrée de la base SQLite, possible pendant que le service tourne')
    .requiredOption('--output <fichier>', 'fichier de sauvegarde à créer (jamais écrasé)')
    .action((opts: { output: string }) =>
      asCliError(async () => {
        const config = loadConfig(io.env, io.cwd);
        const result = await backupSqlite(config, opts.output, () => systemClock.now());
        io.out(`Sauvegarde écrite : ${result.file} (${megabytes(result.bytes)}, base de ${megabytes(result.header.databaseBytes)}, schéma ${result.header.schemaVersion}).`);
        io.out(
          `Elle est chiffrée par la clé principale (${config.keyFile}, empreinte ${result.header.kekId}), qui n’est pas dans l’archive : ` +
            'sauvegardez ce fichier de clé à part, sur un autre support. Sans lui, la sauvegarde est illisible.',
        );
      }),
    );

  program
    .command('restore')
    .description('Restaure une sauvegarde SQLite dans le dossier de données configuré (service arrêté)')
    .argument('<fichier>', 'sauvegarde faite par tuteur backup')
    .option('--force', 'remplace une base qui contient déjà des données')
    .action((file: string, opts: { force?: boolean }) =>
      asCliError(async () => {
        const config = loadConfig(io.env, io.cwd);
        const result = await restoreSqlite(config, file, { force: opts.force === true });
        io.out(`Sauvegarde du ${dateTime(result.header.createdAt)} restaurée dans ${result.file} (schéma ${result.header.schemaVersion}).`);
        io.out(`Sessions fermées : ${result.reset.sessions} (chacun se reconnecte). La purge de conservation passera au prochain démarrage.`);
        io.out(
          `Attention : les effacements faits après le ${dateTime(result.header.createdAt)} (droit à l’effacement, départs d’élèves) ` +
            'ne sont pas dans cette sauvegarde. Ceux qui découlent des durées de conservation sont refaits par la purge ; ' +
            'les demandes d’effacement traitées depuis doivent être refaites (tuteur rgpd). Voir docs/deploiement.md.',
        );
      }),
    );
}
