// The `tuteur` command as a school's scripts use it: outputs, exit codes, French errors, both databases.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../test/databases.ts';
import { runCli, type CliIo } from './main.ts';

function makeIo(env: NodeJS.ProcessEnv, password = 'Mot-de-passe-solide-2026') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => password, env, cwd: mkdtempSync(join(tmpdir(), 'tuteur-cli-cwd-')) };
  return { io, out, err };
}

/** A JSON Lines file of messages in `dir`, for the audit commands. */
function writeLines(dir: string, lines: { id: string; text: string }[]): string {
  const file = join(dir, 'messages.jsonl');
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
  return file;
}

describe.each(testDatabaseUrls())('tuteur CLI on $name', ({ createUrl }) => {
  it('creates a school, a class and accounts, and lists them', async () => {
    const env = { TUTEUR_DATA_DIR: mkdtempSync(join(tmpdir(), 'tuteur-cli-')), TUTEUR_DATABASE_URL: await createUrl() };
    const run = async (...args: string[]) => {
      const { io, out, err } = makeIo(env);
      const code = await runCli(args, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect((await run('migrate')).code).toBe(0);
    expect(await run('schools', 'add', '--uai', '0691234a', '--name', 'Lycée Ampère')).toMatchObject({ code: 0, out: 'Établissement créé : 0691234A Lycée Ampère' });
    expect((await run('classes', 'add', '--school', '0691234A', '--name', '2nde B', '--level', '2NDE')).code).toBe(0);
    expect((await run('users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', '0691234A', '--class', '2nde B', '--name', 'Léa Martin')).code).toBe(0);
    expect((await run('users', 'add', '--login', 'direction', '--role', 'school-admin', '--school', '0691234A')).code).toBe(0);

    const schools = JSON.parse((await run('schools', 'list', '--json')).out) as { uai: string }[];
    expect(schools.map((s) => s.uai)).toEqual(['0691234A']);
    const classes = JSON.parse((await run('classes', 'list', '--school', '0691234A', '--json')).out) as { name: string; level: string }[];
    expect(classes).toMatchObject([{ name: '2nde B', level: '2nde' }]);
    const users = JSON.parse((await run('users', 'list', '--json')).out) as { login: string; role: string; classIds: string[]; disabled: boolean }[];
    expect(users.find((u) => u.login === 'lea.martin')).toMatchObject({ role: 'pupil', disabled: false });
    expect(users.find((u) => u.login === 'lea.martin')?.classIds).toHaveLength(1);
    expect((await run('users', 'list')).out).toContain('Léa Martin');

    expect((await run('users', 'disable', '--login', 'lea.martin')).code).toBe(0);
    const after = JSON.parse((await run('users', 'list', '--json')).out) as { login: string; disabled: boolean }[];
    expect(after.find((u) => u.login === 'lea.martin')?.disabled).toBe(true);

    expect(await run('settings', 'set', '--school', '0691234A', 'free-questions', '2nde,1re,terminale')).toMatchObject({ code: 0 });
    const settings = JSON.parse((await run('settings', 'list', '--school', '0691234A', '--json')).out) as { key: string; value: string }[];
    expect(settings.find((s) => s.key === 'free-questions')?.value).toBe('2nde,1re,terminale');
    // The moderation audit applies the school's own actions.
    expect((await run('settings', 'set', '--school', '0691234A', 'moderation-actions', 'sexual=escalate')).code).toBe(0);
    const audit = await run('moderation', 'check', '--jsonl', writeLines(env.TUTEUR_DATA_DIR, [{ id: 'a', text: 'envoie moi des photos de toi nue' }]), '--school', '0691234A');
    expect(audit).toMatchObject({ code: 0 });
    expect(JSON.parse(audit.out)).toEqual({ id: 'a', categories: ['sexual'], action: 'escalate' });
    const badSetting = await run('settings', 'set', '--school', '0691234A', 'opening-hours', 'lundi 16h');
    expect(badSetting.code).toBe(1);
    expect(badSetting.err).toMatch(/jour inconnu/);

    const badLevel = await run('classes', 'add', '--school', '0691234A', '--name', 'CM2', '--level', 'CM2');
    expect(badLevel.code).toBe(1);
    expect(badLevel.err).toMatch(/Niveau inconnu/);
    const unknownSchool = await run('classes', 'add', '--school', '0000000X', '--name', 'A', '--level', '3e');
    expect(unknownSchool).toMatchObject({ code: 1 });
    expect(unknownSchool.err).toMatch(/Aucun établissement avec l’UAI 0000000X/);
    const duplicate = await run('users', 'add', '--login', 'lea.martin', '--role', 'pupil', '--school', '0691234A');
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toMatch(/déjà utilisé/);
  });
});

describe('tuteur CLI errors', () => {
  it('exits 2 with a French message on invalid configuration', async () => {
    const { io, err } = makeIo({ TUTEUR_PORT: '99999' });
    expect(await runCli(['schools', 'list'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/TUTEUR_PORT doit être compris entre 1 et 65535/);
  });

  it('refuses a weak password read from stdin', async () => {
    const { io, err } = makeIo({ TUTEUR_DATA_DIR: mkdtempSync(join(tmpdir(), 'tuteur-cli-')) }, 'court');
    expect(await runCli(['users', 'add', '--login', 'chef', '--role', 'academie-admin'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/12 caractères/);
  });

  it('rejects an unknown role and an unknown command with a non-zero code', async () => {
    const { io } = makeIo({ TUTEUR_DATA_DIR: mkdtempSync(join(tmpdir(), 'tuteur-cli-')) });
    expect(await runCli(['users', 'add', '--login', 'x', '--role', 'root'], io)).not.toBe(0);
    expect(await runCli(['voler'], io)).not.toBe(0);
  });
});
