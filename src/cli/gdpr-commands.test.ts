// The GDPR commands as an operator or a DPO runs them: audit verification (and tampering found), retention
// dry run and run, the register and AIPD as Markdown and PDF, and the rotation of the main key.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../test/databases.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connection.ts';
import { openCliContext } from './context.ts';
import { registerGdprCommands } from './gdpr-commands.ts';
import type { CliIo } from './main.ts';

describe.each(testDatabaseUrls())('GDPR commands on $name', ({ createUrl }) => {
  it('verifies the audit log, applies retention, writes the documents and rotates the main key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tuteur-gdpr-cli-'));
    const env = { TUTEUR_DATA_DIR: dataDir, TUTEUR_DATABASE_URL: await createUrl() };
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l), readPassword: async () => '', env, cwd: dataDir };
      const program = new Command('tuteur').exitOverride();
      registerGdprCommands(program, io);
      let error: unknown = null;
      await program.parseAsync(args, { from: 'user' }).catch((e: unknown) => (error = e));
      return { out: out.join('\n'), error: error as Error | null };
    };

    const config = loadConfig(env, dataDir);
    const ctx = await openCliContext(config);
    const school = await ctx.services.schools.create('cli', { uai: '0691234A', name: 'Lycée Ampère' });
    const pupil = await ctx.services.users.create('cli', { login: 'lea', displayName: 'Léa', role: 'pupil', schoolId: school.id, password: 'mot-de-passe-solide' });
    const secret = await ctx.services.cipher.encrypt(pupil.id, { table: 'messages', column: 'content', rowId: 'm1' }, 'texte secret');

    expect((await run('audit', 'verify')).out).toContain('Intègre');
    expect((await run('rgpd', 'registre', '--school', '0691234a')).out).toContain('| Responsable du traitement | Lycée Ampère (UAI 0691234A)');
    expect((await run('audit', 'seal')).out).toMatch(/^Journal scellé jusqu’à l’entrée n° \d+\.$/);
    expect(statSync(config.auditKeyFile).mode & 0o777).toBe(0o600);

    const pdf = await run('rgpd', 'aipd', '--school', '0691234A', '--format', 'pdf');
    expect(pdf.out).toBe(`Document écrit : ${join(dataDir, 'aipd-0691234A.pdf')}`);
    expect(readFileSync(join(dataDir, 'aipd-0691234A.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await run('rgpd', 'notice', '--school', '0691234A', '--public', 'eleve')).out).toContain('Tu échanges avec une intelligence artificielle');
    expect((await run('rgpd', 'registre', '--school', '0000000X')).error?.message).toContain('Aucun établissement avec l’UAI 0000000X');

    const dry = await run('retention', 'run', '--dry-run');
    expect(dry.out).toContain('Simulation');
    expect(dry.out).toMatch(/0691234A\s+0 \(0\)/);
    expect((await run('retention', 'run')).out).toContain('Purge du');

    const rotated = await run('keys', 'rotate');
    expect(rotated.out).toMatch(/1 clé\(s\) d’élève re-chiffrée\(s\)/);
    const previous = /conservée dans (\S+) :/.exec(rotated.out)?.[1] ?? '';
    expect(existsSync(previous)).toBe(true);
    expect(readFileSync(previous, 'utf8')).not.toBe(readFileSync(config.keyFile, 'utf8'));
    await ctx.close();
    // A fresh process with the new key file reads the pupil's content.
    const reopened = await openCliContext(config);
    expect(await reopened.services.cipher.decrypt(pupil.id, { table: 'messages', column: 'content', rowId: 'm1' }, secret)).toBe('texte secret');

    await reopened.close();
    const raw = openDatabase(config.database);
    await sql`update audit_log set action = ${'keys.rotated'} where seq = 1`.execute(raw.db);
    await raw.close();
    const broken = await run('audit', 'verify');
    expect(broken.out).toContain('ALTÉRÉ');
    expect(broken.out).toContain('L’entrée n° 1 a été modifiée');
    expect(broken.error?.message).toBe('le journal d’audit a été altéré.');
  });
});
