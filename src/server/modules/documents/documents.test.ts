// Course documents end to end through HTTP, on SQLite and PostgreSQL: upload, list, delete, ownership,
// limits, encryption at rest, the per-assignment version that invalidates every instance's index, and the
// tutor's answer citing the passages it was given.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrls } from '../../../../test/databases.ts';
import type { CourseDocumentView, MessageView } from '../../../shared/api.ts';
import { asUser, createTestApp, loginAs, parseSse, seedSchool, seedUser, type SeededSchool, type TestApp } from '../../testing/test-app.ts';
import type { GenerateRequest } from '../llm/llm.types.ts';
import { createFakeProvider } from '../llm/fake.provider.ts';
import { createDocumentsRepo } from './documents.repo.ts';
import { createDocumentsService } from './documents.service.ts';
import { documentLimits } from './limits.ts';
import { makeDocx } from './testing/fixtures.ts';

const HOUR = 3600_000;
const SECRET_PASSAGE = 'Le volcan Zorglubix crache une lave basaltique très fluide.';
const COURSE = [
  '# Chapitre 3 : les volcans',
  SECRET_PASSAGE,
  '',
  'Les séismes sont mesurés avec l’échelle de magnitude de Richter.',
  '',
  'La tectonique des plaques explique la dérive des continents.',
].join('\n\n');

describe.each(testDatabaseUrls())('course documents on $name', ({ createUrl }) => {
  let t: TestApp;
  let school: SeededSchool;
  let teacher: string;
  let prompts: string[];
  let assignmentId: string;

  beforeEach(async () => {
    prompts = [];
    const tokens = (request: GenerateRequest) => {
      prompts.push(request.messages[0]?.content ?? '');
      return ['Regarde ', 'ton ', 'cours.'];
    };
    t = await createTestApp({ databaseUrl: await createUrl(), llm: createFakeProvider({ tokens }) });
    school = await seedSchool(t.services);
    await seedUser(t.services, 'teacher', 'prof', school);
    await seedUser(t.services, 'teacher', 'collegue', school);
    await seedUser(t.services, 'pupil', 'eleve', school);
    const other = await seedSchool(t.services);
    await seedUser(t.services, 'teacher', 'prof-ailleurs', other);
    await seedUser(t.services, 'school-admin', 'direction-ailleurs', other);
    teacher = await loginAs(t.app, 'prof');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/assignments',
      headers: asUser(teacher),
      payload: { title: 'Volcans', subject: 'svt', statement: 'Explique une éruption.', modes: ['guidage'], classIds: [school.classId], opensAt: Date.now() - HOUR, closesAt: Date.now() + 24 * HOUR },
    });
    expect(created.statusCode).toBe(201);
    assignmentId = created.json<{ id: string }>().id;
  });
  afterEach(async () => t.close());

  const upload = (cookie: string, name: string, body: string | Uint8Array, contentType = 'text/markdown', id = assignmentId) =>
    t.app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/documents`,
      query: { name },
      headers: { ...asUser(cookie), 'content-type': contentType },
      payload: typeof body === 'string' ? body : Buffer.from(body),
    });

  it('uploads, lists and deletes a document; keeps only metadata and encrypted passages', async () => {
    const response = await upload(teacher, 'Cours chapitre 3.md', COURSE);
    expect(response.statusCode).toBe(201);
    const created = response.json<CourseDocumentView>();
    expect(created).toMatchObject({ assignmentId, name: 'Cours chapitre 3.md', kind: 'markdown', sizeBytes: Buffer.byteLength(COURSE) });
    expect(created.passageCount).toBeGreaterThan(0);
    expect(created.sha256).toMatch(/^[0-9a-f]{64}$/);

    const docx = await upload(teacher, 'Fiche.docx', makeDocx(['Les roches magmatiques refroidissent.']), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.statusCode).toBe(201);

    const list = await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/documents`, headers: asUser(teacher) });
    expect(list.json<CourseDocumentView[]>().map((d) => [d.name, d.kind])).toEqual([
      ['Cours chapitre 3.md', 'markdown'],
      ['Fiche.docx', 'docx'],
    ]);

    // Nothing readable at rest: the passages are ciphertext, the file itself is nowhere.
    const passages = await t.database.db.selectFrom('course_passages').selectAll().execute();
    expect(passages.length).toBe(created.passageCount + 1);
    const everything = JSON.stringify([passages, await t.database.db.selectFrom('course_documents').selectAll().execute()]);
    expect(everything).not.toContain('Zorglubix');
    expect(everything).not.toContain('roches magmatiques');

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'course-document.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['course-document.added', 'course-document.added']);
    expect(JSON.stringify(audit)).not.toContain('Zorglubix');

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/assignments/${assignmentId}/documents/${created.id}`, headers: asUser(teacher) });
    expect(removed.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/documents`, headers: asUser(teacher) });
    expect(after.json<CourseDocumentView[]>().map((d) => d.name)).toEqual(['Fiche.docx']);
    const left = await t.database.db.selectFrom('course_passages').select(sql<number>`count(*)`.as('n')).where('document_id', '=', created.id).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    // Deleting again changes nothing and is not an error.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/assignments/${assignmentId}/documents/${created.id}`, headers: asUser(teacher) })).statusCode).toBe(204);
  });

  it('lets only the assignment’s teacher and its school’s direction manage its documents', async () => {
    expect((await upload(teacher, 'cours.md', COURSE)).statusCode).toBe(201);
    const documentId = (await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/documents`, headers: asUser(teacher) })).json<CourseDocumentView[]>()[0]!.id;
    for (const login of ['collegue', 'prof-ailleurs', 'direction-ailleurs', 'eleve']) {
      const cookie = await loginAs(t.app, login);
      const list = await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/documents`, headers: asUser(cookie) });
      const sent = await upload(cookie, 'intrus.md', 'Texte ajouté par un intrus.');
      const removed = await t.app.inject({ method: 'DELETE', url: `/api/assignments/${assignmentId}/documents/${documentId}`, headers: asUser(cookie) });
      for (const response of [list, sent, removed]) expect([403, 404], `${login} ${response.statusCode}`).toContain(response.statusCode);
    }
    // A document id of this assignment cannot be deleted through another assignment the caller manages.
    const other = await t.services.tutoring.createAssignment(
      { id: (await t.database.db.selectFrom('users').select('id').where('login', '=', 'collegue').executeTakeFirstOrThrow()).id, role: 'teacher', schoolId: school.schoolId, classIds: [school.classId] },
      { title: 'Autre', subject: 'svt', statement: 'x', modes: ['guidage'], classIds: [school.classId], opensAt: Date.now(), closesAt: Date.now() + HOUR },
    );
    const collegue = await loginAs(t.app, 'collegue');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/assignments/${other.id}/documents/${documentId}`, headers: asUser(collegue) })).statusCode).toBe(204);
    const list = await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/documents`, headers: asUser(teacher) });
    expect(list.json<CourseDocumentView[]>().map((d) => d.id)).toEqual([documentId]);
  });

  it('refuses with a clear French error: wrong type, wrong magic bytes, empty, too large, duplicate, too many', async () => {
    const refusal = async (response: Awaited<ReturnType<typeof upload>>) => [response.statusCode, response.json<{ code: string; message: string }>().code];
    expect(await refusal(await upload(teacher, 'script.js', 'alert(1)', 'text/javascript'))).toEqual([415, 'document_type']);
    expect(await refusal(await upload(teacher, 'cours.pdf', 'pas un pdf', 'application/pdf'))).toEqual([415, 'document_type_mismatch']);
    expect(await refusal(await upload(teacher, 'cours.docx', '%PDF-1.4', 'application/octet-stream'))).toEqual([415, 'document_type_mismatch']);
    expect(await refusal(await upload(teacher, 'vide.md', ''))).toEqual([400, 'document_empty']);
    const tooLarge = await upload(teacher, 'gros.txt', 'a'.repeat(documentLimits().maxBytes + 1), 'text/plain');
    expect(await refusal(tooLarge)).toEqual([413, 'document_too_large']);
    expect(tooLarge.json<{ message: string }>().message).toBe('Fichier trop volumineux : 10 Mo au maximum.');
    expect((await upload(teacher, 'cours.md', COURSE)).statusCode).toBe(201);
    expect(await refusal(await upload(teacher, 'copie.md', COURSE))).toEqual([409, 'document_duplicate']);
    for (let i = 1; i < documentLimits().maxDocumentsPerAssignment; i += 1) expect((await upload(teacher, `cours-${i}.md`, `${COURSE}\n\nVersion ${i}`)).statusCode).toBe(201);
    expect(await refusal(await upload(teacher, 'un-de-trop.md', `${COURSE}\n\nEncore`))).toEqual([409, 'documents_limit']);
    const missingName = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/documents`, headers: { ...asUser(teacher), 'content-type': 'text/plain' }, payload: 'texte' });
    expect(missingName.statusCode).toBe(400);
  });

  it('treats a path in the file name as a display name only', async () => {
    const response = await upload(teacher, '../../../../etc/cron.d/tuteur.md', COURSE);
    expect(response.statusCode).toBe(201);
    expect(response.json<CourseDocumentView>().name).toBe('tuteur.md');
    const windows = await upload(teacher, '..\\..\\boot.ini\u202E.md', `${COURSE}\n\nAutre`);
    expect(windows.json<CourseDocumentView>().name).toBe('boot.ini.md');
  });

  it('gives the tutor the relevant passages and records them on the answer, also after reload', async () => {
    expect((await upload(teacher, 'Cours chapitre 3.md', COURSE)).statusCode).toBe(201);
    const pupil = await loginAs(t.app, 'eleve');
    const conversation = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: asUser(pupil), payload: { assignmentId } });
    expect(conversation.statusCode).toBe(201);
    const id = conversation.json<{ id: string }>().id;
    const answer = await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(pupil), payload: { text: 'Comment est la lave du volcan Zorglubix ?' } });
    const done = parseSse(answer.body).find((e) => e.event === 'done');
    const sources = (done?.data as { sources?: { document: string; passage: number }[] }).sources;
    expect(sources?.[0]?.document).toBe('Cours chapitre 3.md');
    expect(prompts.at(-1)).toContain(`<extrait_cours>\n[Cours chapitre 3.md, passage ${sources?.[0]?.passage}]`);
    expect(prompts.at(-1)).toContain(SECRET_PASSAGE);

    const detail = await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: asUser(pupil) });
    const tutorMessage = detail.json<{ messages: MessageView[] }>().messages.find((m) => m.role === 'tutor');
    expect(tutorMessage?.sources).toEqual(sources);
    // Stored encrypted like the answer itself.
    const raw = await t.database.db.selectFrom('messages').select('sources_enc').where('id', '=', tutorMessage!.id).executeTakeFirstOrThrow();
    expect(raw.sources_enc).not.toContain('Cours chapitre');

    // A question the course says nothing about gets no excerpt and no source.
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: asUser(pupil), payload: { text: 'Bonjour !' } });
    expect(prompts.at(-1)).not.toContain('<extrait_cours>');
  });

  it('sees another instance’s changes at once: the index is rebuilt when the version moves', async () => {
    // A second instance on the same database: its own memory, the same keys.
    const other = createDocumentsService({
      repo: createDocumentsRepo(t.database.db),
      assignments: t.services.repos.tutoring,
      cipher: t.services.cipher,
      clock: { now: () => Date.now() },
      limits: documentLimits(),
      audit: { record: async () => undefined },
      logger: { warn: () => undefined },
    });
    expect(await other.excerptsFor(assignmentId, 'volcan Zorglubix')).toEqual([]);
    const created = (await upload(teacher, 'cours.md', COURSE)).json<CourseDocumentView>();
    expect((await other.excerptsFor(assignmentId, 'volcan Zorglubix'))[0]?.text).toContain('Zorglubix');
    await t.app.inject({ method: 'DELETE', url: `/api/assignments/${assignmentId}/documents/${created.id}`, headers: asUser(teacher) });
    expect(await other.excerptsFor(assignmentId, 'volcan Zorglubix')).toEqual([]);
    expect(await other.excerptsFor(null, 'volcan')).toEqual([]);
  });
});
