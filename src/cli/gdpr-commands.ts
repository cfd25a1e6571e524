// `tuteur audit …`, `tuteur retention …`, `tuteur rgpd …` and `tuteur keys rotate`: the DPO's and the
// operator's GDPR commands. They open the database and keys themselves, like the server does.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { systemClock } from '../server/clock.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { createContentCipher } from '../server/crypto/content-cipher.ts';
import { rotateKeyFile } from '../server/crypto/key-rotation.ts';
import { loadOrCreateKeyFile } from '../server/crypto/keyring.ts';
import { loadOrCreateSigningKey } from '../server/crypto/signing-key.ts';
import { openDatabase, type DatabaseHandle } from '../server/db/connection.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { HttpError } from '../server/http/errors.ts';
import type { AuditVerification } from '../server/modules/audit/audit.service.ts';
import type { DocumentKind, NoticeAudience } from '../server/modules/gdpr/documents/documents.service.ts';
import { safetyFactsOf } from '../server/modules/gdpr/documents/facts.ts';
import { createGdprModule, type GdprModule } from '../server/modules/gdpr/gdpr.module.ts';
import type { RetentionReport } from '../server/modules/gdpr/retention.service.ts';
import { modelsConfigOf } from '../server/modules/models/models.config.ts';
import { createModelsRepo } from '../server/modules/models/models.repo.ts';
import { createModelsService } from '../server/modules/models/models.service.ts';
import { createSettingsRepo } from '../server/modules/settings/settings.repo.ts';
import { createSettingsService } from '../server/modules/settings/settings.service.ts';
import type { CliIo } from './main.ts';
import { printTable } from './output.ts';

interface GdprContext {
  config: Config;
  database: DatabaseHandle;
  gdpr: GdprModule;
}

async function withGdpr<T>(io: CliIo, work: (ctx: GdprContext) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env, io.cwd);
  const database = openDatabase(config.database);
  try {
    const keyring = loadOrCreateKeyFile(config.keyFile);
    await migrateToLatest(database.db, { keyring });
    const cipher = createContentCipher(database.db, keyring, systemClock);
    const gdpr = createGdprModule({
      db: database.db,
      databaseKind: database.kind,
      cipher,
      clock: systemClock,
      signer: loadOrCreateSigningKey(config.auditKeyFile),
      // The CLI does not load the model; the documents name the configured file.
      llmStatus: () => ({ state: 'none' }),
      modelPath: config.modelPath,
      modelsInUse: (schoolId) => createModelsService({ repo: createModelsRepo(database.db), config: modelsConfigOf(config), clock: systemClock }).modelsInUse(schoolId),
      safety: async (schoolId) =>
        safetyFactsOf(await createSettingsService(createSettingsRepo(database.db), systemClock).effective(schoolId), config.llm.moderationTimeoutMs !== undefined),
    });
    return await work({ config, database, gdpr });
  } finally {
    await database.close();
  }
}

const dateTime = (ms: number) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));
const date = (ms: number) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short' }).format(new Date(ms));

function printVerification(out: (line: string) => void, result: AuditVerification): void {
  const range = result.checkedEntries === 0 ? 'aucune entrée' : `${result.checkedEntries} entrée(s), n° ${result.firstSeq} à ${result.lastSeq}`;
  out(`Journal d’audit : ${range}.`);
  out(
    result.seals.total === 0
      ? 'Aucun scellement signé pour l’instant.'
      : `Scellements : ${result.seals.valid}/${result.seals.total} signatures valides, dernier le ${dateTime(result.seals.lastSealAt ?? 0)} (entrée n° ${result.seals.lastSealedSeq}).`,
  );
  if (result.ok) {
    out('Intègre : aucune entrée modifiée, supprimée, déplacée ou insérée.');
    return;
  }
  out(`ALTÉRÉ : ${result.problems.length} problème(s) :`);
  for (const problem of result.problems) out(` - ${problem.message}`);
}

function printRetention(out: (line: string) => void, report: RetentionReport): void {
  out(report.dryRun ? `Simulation au ${dateTime(report.at)} : rien n’est supprimé. Serait supprimé :` : `Purge du ${dateTime(report.at)} : supprimé :`);
  printTable(
    out,
    ['UAI', 'Conversations (messages)', 'Avant le', 'Élèves partis (conversations)', 'Partis avant le', 'Alertes', 'Levées avant le', 'Demandes de droits décidées', 'Décidées avant le'],
    report.schools.map((s) => [
      s.uai,
      `${s.conversations} (${s.messages})`,
      date(s.conversationsBefore),
      `${s.pupilsErased} (${s.pupilConversations})${s.pupilsKept ? `, ${s.pupilsKept} compte(s) conservé(s) désactivé(s)` : ''}`,
      date(s.leftPupilsBefore),
      String(s.alerts),
      date(s.alertsBefore),
      String(s.rightsRequests),
      date(s.requestsBefore),
    ]),
    'Aucun établissement.',
  );
  out(`Journal d’audit (${report.audit.months} mois, avant le ${date(report.audit.before)}) : ${report.audit.entries} entrée(s).`);
}

const FILE_PREFIX: Record<DocumentKind, string> = { register: 'registre', aipd: 'aipd', notice: 'notice' };

async function writeDocument(
  io: CliIo,
  kind: DocumentKind,
  opts: { school: string; format: 'md' | 'pdf'; output?: string },
  audience?: NoticeAudience,
): Promise<void> {
  await withGdpr(io, async ({ gdpr }) => {
    const schoolId = await gdpr.documents.schoolIdByUai(opts.school);
    const generated = await gdpr.documents.generate('cli', kind, schoolId, audience);
    if (opts.format === 'md' && opts.output === undefined) {
      io.out(generated.markdown.trimEnd());
      return;
    }
    const path = resolve(io.cwd, opts.output ?? `${FILE_PREFIX[kind]}-${opts.school.toUpperCase()}.${opts.format}`);
    writeFileSync(path, opts.format === 'pdf' ? await gdpr.documents.toPdf(generated.document) : generated.markdown);
    io.out(`Document écrit : ${path}`);
  });
}

/** A command group other modules may also add to (e.g. `tuteur audit egress`): reused, not doubled. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerGdprCommands(program: Command, io: CliIo): void {
  const audit = group(program, 'audit', 'Journal d’audit et contrôles');
  audit
    .command('verify')
    .description('Vérifie la chaîne du journal et ses scellements signés')
    .option('--json', 'sortie JSON')
    .action((opts: { json?: boolean }) =>
      withGdpr(io, async ({ gdpr }) => {
        const result = await gdpr.audit.verify();
        if (opts.json) io.out(JSON.stringify(result));
        else printVerification(io.out, result);
        if (!result.ok) throw new HttpError(409, 'audit_altered', 'le journal d’audit a été altéré.');
      }),
    );
  audit
    .command('seal')
    .description('Scelle maintenant la fin du journal (signature Ed25519)')
    .action(() =>
      withGdpr(io, async ({ gdpr }) => {
        const sealed = await gdpr.audit.seal();
        io.out(sealed ? `Journal scellé jusqu’à l’entrée n° ${sealed.seq}.` : 'Rien de nouveau à sceller.');
      }),
    );

  group(program, 'retention', 'Durées de conservation')
    .command('run')
    .description('Applique les durées de conservation (supprime ce qui a expiré)')
    .option('--dry-run', 'affiche ce qui serait supprimé, sans rien supprimer')
    .option('--json', 'sortie JSON')
    .action((opts: { dryRun?: boolean; json?: boolean }) =>
      withGdpr(io, async ({ gdpr }) => {
        const report = await gdpr.retention.run({ dryRun: opts.dryRun === true, actor: 'cli' });
        if (opts.json) io.out(JSON.stringify(report));
        else printRetention(io.out, report);
      }),
    );

  const rgpd = group(program, 'rgpd', 'Documents RGPD générés depuis la configuration');
  const documentCommand = (name: string, description: string) =>
    rgpd
      .command(name)
      .description(description)
      .requiredOption('--school <uai>', 'UAI de l’établissement')
      .addOption(new Option('--format <format>', 'md ou pdf').choices(['md', 'pdf']).default('md'))
      .option('--output <fichier>', 'fichier à écrire (par défaut : Markdown sur la sortie, PDF dans le dossier courant)');
  documentCommand('registre', 'Fiche du registre des traitements (article 30)').action((opts: { school: string; format: 'md' | 'pdf'; output?: string }) =>
    writeDocument(io, 'register', opts),
  );
  documentCommand('aipd', 'Brouillon d’analyse d’impact (méthode PIA de la CNIL)').action((opts: { school: string; format: 'md' | 'pdf'; output?: string }) =>
    writeDocument(io, 'aipd', opts),
  );
  documentCommand('notice', 'Notice d’information (article 13)')
    .addOption(new Option('--public <public>', 'eleve (mots simples) ou complet').choices(['eleve', 'complet']).default('complet'))
    .action((opts: { school: string; format: 'md' | 'pdf'; output?: string; public: 'eleve' | 'complet' }) =>
      writeDocument(io, 'notice', opts, opts.public === 'eleve' ? 'pupil' : 'full'),
    );

  group(program, 'keys', 'Clés de chiffrement')
    .command('rotate')
    .description('Remplace la clé principale et re-chiffre toutes les clés d’élèves (arrêtez le service avant)')
    .action(() =>
      withGdpr(io, async ({ config, database, gdpr }) => {
        const rotation = await rotateKeyFile(database.db, config.keyFile);
        await gdpr.audit.record({ actor: 'cli', action: 'keys.rotated', schoolId: null, details: { rewrapped: rotation.rewrapped, oldKekId: rotation.oldKekId, newKekId: rotation.newKekId } });
        io.out(`Clé principale remplacée (${rotation.oldKekId} → ${rotation.newKekId}) : ${rotation.rewrapped} clé(s) d’élève re-chiffrée(s).`);
        io.out(`L’ancienne clé est conservée dans ${rotation.previousKeyFile} : elle seule permet de lire les sauvegardes antérieures. Supprimez-la quand elles auront expiré.`);
      }),
    );
}
