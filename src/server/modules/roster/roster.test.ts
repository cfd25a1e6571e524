// Roster preview and import over HTTP, on SQLite and PostgreSQL: what is created, changed and marked
// as left, idempotence, refusal of files with errors, sessions ended for those who leave or change
// class, who may import where, and the 5 000-line budget.
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import { asUser, loginAs, seedSchool, seedUser, type SeededSchool } from '../../testing/test-app.ts';
import { createIdentityTestApp, type IdentityTestApp } from '../sso/testing/identity-test-app.ts';
import { createSessionOpener } from '../sso/sso-session.ts';
import type { RosterPreview } from './roster.service.ts';

const FIRST = [
  'Identifiant;Nom;Prénom;Profil;Classe',
  'E1;Martin;Léa;Élève;2NDE B',
  'E2;Durand;Paul;Élève;2NDE B',
  'E3;Petit;Zoé;Élève;1G2',
  'P1;Roux;Anne;Enseignant;"2NDE B, 1G2"',
].join('\n');

describe.each(testDatabaseUrls())('roster import on $name', ({ createUrl }) => {
  let t: IdentityTestApp;
  let school: SeededSchool;
  let admin: string;
  let now: number;
  const clock = { now: () => now };

  beforeEach(async () => {
    now = Date.UTC(2026, 8, 1, 8, 0);
    t = await createIdentityTestApp({ databaseUrl: await createUrl(), clock });
    school = await seedSchool(t.services);
    await seedUser(t.services, 'school-admin', 'direction', school);
    admin = await loginAs(t.app, 'direction');
  });
  afterEach(async () => t.close());

  const post = (path: 'preview' | 'import', payload: object, cookie = admin, schoolId = school.schoolId) =>
    t.app.inject({ method: 'POST', url: `/api/schools/${schoolId}/roster/${path}`, headers: asUser(cookie), payload });

  const accounts = () =>
    t.database.db
      .selectFrom('users')
      .select(['id', 'login', 'display_name', 'role', 'external_id', 'left_at', 'disabled_at', 'password_hash'])
      .where('school_id', '=', school.schoolId)
      .where('external_id', 'is not', null)
      .orderBy('login')
      .execute();

  const classOf = async (login: string) =>
    (
      await t.database.db
        .selectFrom('class_members')
        .innerJoin('users', 'users.id', 'class_members.user_id')
        .innerJoin('classes', 'classes.id', 'class_members.class_id')
        .select('classes.name')
        .where('users.login', '=', login)
        .orderBy('classes.name')
        .execute()
    ).map((r) => r.name);

  it('previews without writing anything, then imports what it showed', async () => {
    const preview = await post('preview', { csv: FIRST });
    expect(preview.statusCode).toBe(200);
    const body = preview.json<RosterPreview>();
    expect(body.classesToCreate).toEqual([{ name: '1G2', level: '1re' }]);
    expect(body.create.map((c) => [c.line, c.login, c.role, c.classes])).toEqual([
      [2, 'lea.martin', 'élève', ['2NDE B']],
      [3, 'paul.durand', 'élève', ['2NDE B']],
      [4, 'zoe.petit', 'élève', ['1G2']],
      [5, 'anne.roux', 'enseignant', ['2NDE B', '1G2']],
    ]);
    expect(body).toMatchObject({ rows: 4, errors: [], leave: [], update: [], unchanged: 0 });
    expect(await accounts()).toEqual([]);

    const imported = await post('import', { csv: FIRST });
    expect(imported.statusCode).toBe(200);
    expect(imported.json<RosterPreview>().create).toEqual(body.create);
    const rows = await accounts();
    expect(rows.map((r) => [r.login, r.role, r.external_id, r.password_hash])).toEqual([
      ['anne.roux', 'teacher', 'ent:P1', null],
      ['lea.martin', 'pupil', 'ent:E1', null],
      ['paul.durand', 'pupil', 'ent:E2', null],
      ['zoe.petit', 'pupil', 'ent:E3', null],
    ]);
    // The class the school already had is matched whatever its case.
    expect(await classOf('anne.roux')).toEqual(['1G2', '2nde B']);
  });

  it('is idempotent: the same file again changes nothing', async () => {
    expect((await post('import', { csv: FIRST })).statusCode).toBe(200);
    const before = await accounts();
    const again = await post('import', { csv: FIRST });
    expect(again.json()).toMatchObject({ classesToCreate: [], create: [], update: [], leave: [], unchanged: 4 });
    expect(await accounts()).toEqual(before);
  });

  it('moves a pupil, marks the absent one as left (starting its retention clock), ends their sessions, and takes it back later', async () => {
    await post('import', { csv: FIRST });
    const [lea, paul] = [(await accounts()).find((a) => a.login === 'lea.martin')!, (await accounts()).find((a) => a.login === 'paul.durand')!];
    const sessions = createSessionOpener({ authRepo: t.services.repos.auth, clock, sessionTtlMs: 3600_000 });
    const leaCookie = `tuteur_session=${(await sessions.createSessionFor(lea.id)).token}`;
    const paulCookie = `tuteur_session=${(await sessions.createSessionFor(paul.id)).token}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: leaCookie } })).statusCode).toBe(200);

    now += 86_400_000;
    admin = await loginAs(t.app, 'direction');
    const second = FIRST.replace('E1;Martin;Léa;Élève;2NDE B', 'E1;Martin;Léa;Élève;1G2').replace('E2;Durand;Paul;Élève;2NDE B\n', '');
    const preview = (await post('preview', { csv: second })).json<RosterPreview>();
    expect(preview.update).toEqual([{ line: 2, login: 'lea.martin', displayName: 'Léa Martin', changes: ['classe : 2nde B → 1G2'] }]);
    expect(preview.leave).toEqual([{ login: 'paul.durand', displayName: 'Paul Durand', role: 'élève' }]);
    expect(preview.unchanged).toBe(2);

    expect((await post('import', { csv: second })).statusCode).toBe(200);
    const left = (await accounts()).find((a) => a.login === 'paul.durand')!;
    expect(left).toMatchObject({ left_at: now, disabled_at: now });
    expect(await classOf('lea.martin')).toEqual(['1G2']);
    // Both lost their open sessions at once: one changed class, the other left.
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: leaCookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: paulCookie } })).statusCode).toBe(401);

    now += 86_400_000;
    admin = await loginAs(t.app, 'direction');
    const back = (await post('import', { csv: FIRST.replace('E1;Martin;Léa;Élève;2NDE B', 'E1;Martin;Léa;Élève;1G2') })).json<RosterPreview>();
    expect(back.update).toEqual([expect.objectContaining({ login: 'paul.durand', changes: ['revient dans l’établissement'] })]);
    expect((await accounts()).find((a) => a.login === 'paul.durand')).toMatchObject({ left_at: null, disabled_at: null });
  });

  it('keeps an account disabled by an admin disabled when the pupil is listed again', async () => {
    await post('import', { csv: FIRST });
    const paul = (await accounts()).find((a) => a.login === 'paul.durand')!;
    await t.services.users.disable('cli', paul.id);
    expect((await post('import', { csv: FIRST })).json<RosterPreview>().unchanged).toBe(4);
    expect((await accounts()).find((a) => a.login === 'paul.durand')?.disabled_at).not.toBeNull();
  });

  it('marks nobody as left with a partial file, and only the roles a file lists otherwise', async () => {
    await post('import', { csv: FIRST });
    const onlyLea = 'Identifiant;Nom;Prénom;Profil;Classe\nE1;Martin;Léa;Élève;2NDE B\n';
    expect((await post('preview', { csv: onlyLea, partial: true })).json<RosterPreview>().leave).toEqual([]);
    const leave = (await post('preview', { csv: onlyLea })).json<RosterPreview>().leave.map((l) => l.login);
    expect(leave).toEqual(expect.arrayContaining(['paul.durand', 'zoe.petit']));
    expect(leave).not.toContain('anne.roux');
  });

  it('refuses a file with errors as a whole, with line numbers, and writes nothing', async () => {
    const bad = `${FIRST}\nE9;;Noé;Élève;2NDE B\nE10;Blanc;Lou;Élève;Atelier`;
    const response = await post('import', { csv: bad });
    expect(response.statusCode).toBe(422);
    const body = response.json<RosterPreview & { code: string; message: string }>();
    expect(body.code).toBe('roster_invalid');
    expect(body.message).toBe('Import refusé : le fichier contient 2 erreurs. Corrigez-le puis recommencez ; rien n’a été modifié.');
    expect(body.errors).toEqual([
      { line: 6, message: 'ligne 6 : le nom est vide.' },
      { line: 7, message: 'ligne 7 : niveau de la nouvelle classe « Atelier » introuvable ; ajoutez une colonne Niveau (6e … terminale).' },
    ]);
    expect(await accounts()).toEqual([]);
  });

  it('reads the bytes of a Windows-1252 file sent in base64', async () => {
    const bytes = iconv.encode('Nom;Prénom;Classe\nLefèvre;Élodie;2NDE B\n', 'windows-1252');
    const body = (await post('import', { csvBase64: bytes.toString('base64') })).json<RosterPreview>();
    expect(body.encoding).toBe('windows-1252');
    expect(body.create).toEqual([{ line: 2, login: 'elodie.lefevre', displayName: 'Élodie Lefèvre', role: 'élève', classes: ['2NDE B'] }]);
  });

  it('gives a free login when the usual one is taken, and refuses a wanted login that is taken', async () => {
    await seedUser(t.services, 'teacher', 'lea.martin', school);
    const csv = 'Identifiant;Nom;Prénom;Classe;Login\nE1;Martin;Léa;2NDE B;\nE2;Durand;Paul;2NDE B;direction\n';
    const preview = (await post('preview', { csv })).json<RosterPreview>();
    expect(preview.create.map((c) => c.login)).toEqual(['lea.martin2']);
    expect(preview.errors).toEqual([{ line: 3, message: 'ligne 3 : le login « direction » est déjà utilisé par un autre compte.' }]);
  });

  it('validates the request body in French and limits the size to 5 Mo', async () => {
    expect((await post('preview', {})).json()).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Envoyez le fichier') as string });
    expect((await post('preview', { csv: FIRST, extra: 1 })).statusCode).toBe(400);
    const big = await post('preview', { csv: `Nom;Prénom;Classe\n${'x;y;6E1\n'.repeat(700_000)}` });
    expect(big.statusCode).toBe(400);
    expect(big.json<{ message: string }>().message).toBe('Le fichier dépasse 5 Mo.');
  });

  it('lets only the school’s admins and the académie admin import', async () => {
    const other = await seedSchool(t.services);
    await seedUser(t.services, 'school-admin', 'autre-direction', other);
    await seedUser(t.services, 'teacher', 'prof', school);
    await seedUser(t.services, 'academie-admin', 'rectorat');
    expect((await post('preview', { csv: FIRST }, await loginAs(t.app, 'autre-direction'))).statusCode).toBe(403);
    expect((await post('import', { csv: FIRST }, await loginAs(t.app, 'prof'))).statusCode).toBe(403);
    expect((await post('preview', { csv: FIRST }, await loginAs(t.app, 'rectorat'))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/schools/${school.schoolId}/roster/preview`, headers: { origin: 'http://tuteur.test' }, payload: { csv: FIRST } })).statusCode).toBe(401);
    expect(await accounts()).toEqual([]);
  });

  it('imports 5 000 lines in under 10 s, and re-imports them unchanged', async () => {
    const lines = ['Identifiant;Nom;Prénom;Profil;Classe'];
    const divisions = ['6E1', '6E2', '5E1', '5E2', '4E1', '4E2', '3E1', '3E2', '2NDE A', '2NDE B', '1G1', '1G2', 'TG1', 'TG2'];
    for (let i = 0; i < 5000; i += 1) lines.push(`ID${i};Nom${i};Prénom${i};Élève;${divisions[i % divisions.length]}`);
    const csv = lines.join('\n');
    const started = performance.now();
    const response = await post('import', { csv });
    const seconds = (performance.now() - started) / 1000;
    expect(response.statusCode).toBe(200);
    expect(response.json<RosterPreview>().create).toHaveLength(5000);
    expect(seconds).toBeLessThan(10);
    const again = (await post('preview', { csv })).json<RosterPreview>();
    expect(again.unchanged).toBe(5000);
  });
});
