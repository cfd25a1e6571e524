// The `tuteur` command: scriptable administration of an installation. Every command exits with a
// non-zero code and a French message on error (2 for an invalid configuration).
import { Command, CommanderError, Option } from 'commander';
import { ZodError } from 'zod';
import { createSchoolSchema, createClassSchema, createUserSchema } from '../shared/api.ts';
import { ROLES, ROLE_LABELS_FR } from '../shared/roles.ts';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { HttpError } from '../server/http/errors.ts';
import { startServer } from '../server/main.ts';
import { openCliContext, type CliContext } from './context.ts';
import { registerEgressCommands } from './egress-commands.ts';
import { registerEvalCommands } from './eval-commands.ts';
import { registerGdprCommands } from './gdpr-commands.ts';
import { registerIdentityCommands } from './identity-commands.ts';
import { registerModelCommands } from './model-commands.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { InvalidInputLinesError, openConfiguredLlm, registerSafetyCommands } from './safety-commands.ts';
import { readPassword } from './read-password.ts';
import { printTable } from './output.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  readPassword: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Terminal I/O; the environment is handed in by the launcher (bin/tuteur.js), the one place that reads it. */
export function terminalIo(env: NodeJS.ProcessEnv, cwd: string): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readPassword: () => readPassword(),
    env,
    cwd,
  };
}

function firstIssue(error: ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.length ? `${issue.path.join('.')} : ` : ''}${issue.message}` : 'Données invalides.';
}

/** Runs the CLI and returns its exit code (the process is left to the caller, so tests can drive it). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let config: Config | undefined;
  const getConfig = () => (config ??= loadConfig(io.env, io.cwd));
  let exitCode = 0;

  async function withContext<T>(work: (ctx: CliContext) => Promise<T>): Promise<T> {
    const ctx = await openCliContext(getConfig());
    try {
      return await work(ctx);
    } finally {
      await ctx.close();
    }
  }

  const program = new Command('tuteur')
    .description('Tuteur : assistant d’aide aux devoirs auto-hébergé')
    .exitOverride()
    // Commander's own error lines are English; reportError prints a French one instead.
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined });

  program
    .command('migrate')
    .description('Met à jour le schéma de la base de données')
    .action(() =>
      withContext(async (ctx) => {
        io.out(ctx.migrated.length ? `Migrations appliquées : ${ctx.migrated.join(', ')}` : 'La base de données est à jour.');
      }),
    );

  program
    .command('serve')
    .description('Démarre le service web')
    .action(async () => {
      const server = await startServer(getConfig(), io.out);
      await new Promise<void>((resolve) => {
        const shutdown = () => {
          io.out('Arrêt en cours…');
          void server.stop().then(resolve);
        };
        // 'on', not 'once': node-llama-cpp's lock file library (signal-exit) re-raises SIGTERM when it finds
        // itself the only listener left, which killed the server mid-shutdown. stop() is idempotent.
        process.on('SIGINT', shutdown);
        process.on('SIGTERM', shutdown);
      });
    });

  const schools = program.command('schools').description('Établissements');
  schools
    .command('add')
    .description('Ajoute un établissement')
    .requiredOption('--uai <uai>', 'code UAI (ex. 0691234A)')
    .requiredOption('--name <nom>', 'nom de l’établissement')
    .action((opts: { uai: string; name: string }) =>
      withContext(async (ctx) => {
        const school = await ctx.services.schools.create('cli', createSchoolSchema.parse({ uai: opts.uai, name: opts.name }));
        io.out(`Établissement créé : ${school.uai} ${school.name}`);
      }),
    );
  schools
    .command('list')
    .description('Liste les établissements')
    .option('--json', 'sortie JSON')
    .action((opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const rows = await ctx.services.schools.list('cli');
        if (opts.json) io.out(JSON.stringify(rows));
        else printTable(io.out, ['UAI', 'Nom'], rows.map((s) => [s.uai, s.name]), 'Aucun établissement.');
      }),
    );

  const classes = program.command('classes').description('Classes');
  classes
    .command('add')
    .description('Ajoute une classe')
    .requiredOption('--school <uai>', 'UAI de l’établissement')
    .requiredOption('--name <nom>', 'nom de la classe (ex. "2nde B")')
    .requiredOption('--level <niveau>', 'niveau : 6e 5e 4e 3e 2nde 1re terminale')
    .action((opts: { school: string; name: string; level: string }) =>
      withContext(async (ctx) => {
        const school = await ctx.services.schools.findByUai(opts.school);
        const created = await ctx.services.classes.create('cli', createClassSchema.parse({ schoolId: school.id, name: opts.name, level: opts.level }));
        io.out(`Classe créée : ${created.name} (${created.level}) à ${school.uai}`);
      }),
    );
  classes
    .command('list')
    .description('Liste les classes')
    .option('--school <uai>', 'UAI de l’établissement')
    .option('--json', 'sortie JSON')
    .action((opts: { school?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const schoolList = await ctx.services.schools.list('cli');
        const school = opts.school ? await ctx.services.schools.findByUai(opts.school) : undefined;
        const rows = await ctx.services.classes.list('cli', school?.id);
        const uaiOf = new Map(schoolList.map((s) => [s.id, s.uai]));
        if (opts.json) io.out(JSON.stringify(rows.map((c) => ({ ...c, uai: uaiOf.get(c.schoolId) }))));
        else printTable(io.out, ['UAI', 'Classe', 'Niveau'], rows.map((c) => [uaiOf.get(c.schoolId) ?? '', c.name, c.level]), 'Aucune classe.');
      }),
    );

  const users = program.command('users').description('Comptes');
  users
    .command('add')
    .description('Crée un compte ; le mot de passe est lu sur l’entrée standard')
    .requiredOption('--login <identifiant>', 'identifiant de connexion')
    .addOption(new Option('--role <rôle>', 'rôle').choices([...ROLES]).makeOptionMandatory())
    .option('--school <uai>', 'UAI de l’établissement')
    .option('--class <nom>', 'classe (élèves et enseignants), répétable', (value: string, previous: string[] = []) => [...previous, value])
    .option('--name <prénom nom>', 'nom affiché')
    .action((opts: { login: string; role: string; school?: string; class?: string[]; name?: string }) =>
      withContext(async (ctx) => {
        const school = opts.school ? await ctx.services.schools.findByUai(opts.school) : undefined;
        if (opts.class?.length && !school) throw new HttpError(400, 'invalid_input', 'Indiquez --school pour rattacher une classe.');
        const classIds: string[] = [];
        for (const name of opts.class ?? []) classIds.push((await ctx.services.classes.findByName(school!.id, name)).id);
        const password = await io.readPassword();
        const input = createUserSchema.parse({
          login: opts.login,
          displayName: opts.name ?? opts.login,
          role: opts.role,
          schoolId: school?.id,
          classIds: classIds.length ? classIds : undefined,
          password,
        });
        const user = await ctx.services.users.create('cli', input);
        io.out(`Compte créé : ${user.login} (${ROLE_LABELS_FR[user.role]})`);
      }),
    );
  users
    .command('list')
    .description('Liste les comptes')
    .option('--json', 'sortie JSON')
    .action((opts: { json?: boolean }) =>
      withContext(async (ctx) => {
        const rows = await ctx.services.users.list('cli');
        if (opts.json) io.out(JSON.stringify(rows));
        else
          printTable(
            io.out,
            ['Identifiant', 'Nom', 'Rôle', 'État'],
            rows.map((u) => [u.login, u.displayName, u.role, u.disabled ? 'désactivé' : 'actif']),
            'Aucun compte.',
          );
      }),
    );
  for (const [name, verb] of [
    ['disable', 'Désactive un compte et ferme ses sessions'],
    ['enable', 'Réactive un compte'],
  ] as const) {
    users
      .command(name)
      .description(verb)
      .requiredOption('--login <identifiant>', 'identifiant du compte')
      .action((opts: { login: string }) =>
        withContext(async (ctx) => {
          const id = await ctx.services.users.findIdByLogin(opts.login);
          await ctx.services.users[name]('cli', id);
          io.out(name === 'disable' ? `Compte désactivé : ${opts.login}` : `Compte réactivé : ${opts.login}`);
        }),
      );
  }

  registerIdentityCommands(program, io);
  registerGdprCommands(program, io);
  registerSafetyCommands(program, io, {
    openLlm: () => openConfiguredLlm(getConfig(), io),
    schoolActions: (uai) =>
      withContext(async (ctx) => (await ctx.services.settings.effective((await ctx.services.schools.findByUai(uai)).id)).moderationActions),
  });
  registerModelCommands(program, io, { withContext, getConfig });
  registerOpsCommands(program, io);
  registerEgressCommands(program, io);
  registerEvalCommands(program, io);

  const settings = program.command('settings').description('Réglages d’un établissement (cadre d’usage de l’IA, horaires, quotas)');
  settings
    .command('list')
    .description('Affiche les réglages et leur valeur')
    .requiredOption('--school <uai>', 'UAI de l’établissement')
    .option('--json', 'sortie JSON')
    .action((opts: { school: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const school = await ctx.services.schools.findByUai(opts.school);
        const rows = await ctx.services.settings.list('cli', school.id);
        if (opts.json) io.out(JSON.stringify(rows));
        else printTable(io.out, ['Réglage', 'Valeur', 'Description'], rows.map((r) => [r.key, r.value + (r.isDefault ? ' (défaut)' : ''), r.description]), 'Aucun réglage.');
      }),
    );
  settings
    .command('set')
    .description('Change un réglage, ex. : tuteur settings set --school 0691234A free-questions 2nde,1re,terminale')
    .requiredOption('--school <uai>', 'UAI de l’établissement')
    .argument('<réglage>', 'nom du réglage (voir settings list)')
    .argument('<valeur>', 'nouvelle valeur')
    .action((key: string, value: string, opts: { school: string }) =>
      withContext(async (ctx) => {
        const school = await ctx.services.schools.findByUai(opts.school);
        const saved = await ctx.services.settings.set('cli', school.id, key, value);
        io.out(`Réglage modifié pour ${school.uai} : ${saved.key} = ${saved.value}`);
      }),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = reportError(error, io);
  }
  return exitCode;
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return 0;
    io.err(`Erreur : ${commanderMessageFr(error)}\n(tuteur --help pour l’aide)`);
    return 2;
  }
  if (error instanceof InvalidInputLinesError) {
    io.err(`Erreur : ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    io.err(error.message);
    return 2;
  }
  if (error instanceof ZodError) {
    io.err(`Erreur : ${firstIssue(error)}`);
    return 1;
  }
  if (error instanceof HttpError) {
    io.err(`Erreur : ${error.message}`);
    return 1;
  }
  io.err(`Erreur inattendue : ${(error as Error).message ?? String(error)}`);
  return 1;
}

/** French wording of commander's usage errors; the English detail is kept after it for the options named. */
function commanderMessageFr(error: CommanderError): string {
  const detail = error.message.replace(/^error: /, '');
  const quoted = detail.match(/'([^']+)'/)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownCommand':
      return `commande inconnue « ${quoted} ».`;
    case 'commander.unknownOption':
      return `option inconnue « ${quoted} ».`;
    case 'commander.missingMandatoryOptionValue':
      return `option obligatoire manquante : ${quoted}.`;
    case 'commander.optionMissingArgument':
      return `l’option ${quoted} attend une valeur.`;
    case 'commander.invalidArgument':
      return `valeur invalide (${detail}).`;
    case 'commander.missingArgument':
      return `argument manquant : ${quoted}.`;
    default:
      return detail;
  }
}
