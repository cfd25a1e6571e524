// HTTP for GDPR: the DPO's documents, audit log and requests queue; the pupil's notice, export, access
// log and requests; the school's retention and contact settings.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { idParamSchema } from '../../../shared/api.ts';
import { HttpError } from '../../http/errors.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { Actor } from '../../policies/policies.ts';
import { AUDIT_ACTIONS } from '../audit/audit.events.ts';
import type { DocumentKind, GeneratedDocument } from './documents/documents.service.ts';
import { buildExportDocument } from './documents/export-document.ts';
import type { GdprModule } from './gdpr.module.ts';

const schoolParam = z.string({ message: 'Établissement invalide.' }).uuid('Établissement invalide.').optional();
const formatParam = z.enum(['json', 'md', 'pdf'], { message: 'Format attendu : json, md ou pdf.' }).default('json');

const documentQuery = z.strictObject({ school: schoolParam, format: formatParam });
const noticeQuery = z.strictObject({
  school: schoolParam,
  format: formatParam,
  audience: z.enum(['pupil', 'full'], { message: 'Public attendu : pupil ou full.' }).optional(),
});
const auditQuery = z.strictObject({
  school: schoolParam,
  before: z.coerce.number({ message: 'Position invalide.' }).int('Position invalide.').positive('Position invalide.').optional(),
  limit: z.coerce.number({ message: 'Nombre invalide.' }).int('Nombre invalide.').min(1, 'Au moins 1.').max(200, 'Au plus 200.').default(50),
  action: z.enum(AUDIT_ACTIONS, { message: 'Type d’événement inconnu.' }).optional(),
});
const schoolQuery = z.strictObject({ school: schoolParam });
const exportQuery = z.strictObject({ format: z.enum(['json', 'pdf'], { message: 'Format attendu : json ou pdf.' }).default('json') });
const noticeReadBody = z.strictObject({
  version: z.string({ message: 'Version de notice invalide.' }).regex(/^[0-9a-f]{12}$/, 'Version de notice invalide.'),
  audience: z.enum(['pupil', 'full'], { message: 'Public attendu : pupil ou full.' }).optional(),
});

/** The school a request is about: the caller's own, or the one an académie admin names. */
function schoolOf(caller: Actor, requested: string | undefined): string {
  if (caller.role === 'academie-admin') {
    if (!requested) throw new HttpError(400, 'invalid_input', 'Précisez l’établissement (paramètre school).');
    return requested;
  }
  if (caller.schoolId === null) throw new HttpError(400, 'no_school', 'Votre compte n’est rattaché à aucun établissement.');
  if (requested !== undefined && requested !== caller.schoolId) throw new HttpError(403, 'forbidden', 'Vous n’avez accès qu’aux documents de votre établissement.');
  return caller.schoolId;
}

const FILE_NAMES: Record<DocumentKind, string> = { register: 'registre-tuteur', aipd: 'aipd-tuteur', notice: 'notice-tuteur' };

async function sendDocument(reply: FastifyReply, modules: GdprModule, kind: DocumentKind, generated: GeneratedDocument, format: 'json' | 'md' | 'pdf') {
  reply.header('Cache-Control', 'no-store');
  if (format === 'md') {
    return reply
      .type('text/markdown; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${FILE_NAMES[kind]}.md"`)
      .send(generated.markdown);
  }
  if (format === 'pdf') {
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `attachment; filename="${FILE_NAMES[kind]}.pdf"`)
      .send(await modules.documents.toPdf(generated.document));
  }
  return reply.send({ kind: generated.document.kind, title: generated.document.title, version: generated.version, markdown: generated.markdown });
}

export function registerGdprRoutes(app: FastifyInstance, modules: GdprModule): void {
  for (const kind of ['register', 'aipd'] as const) {
    app.get(`/api/gdpr/${kind}`, { config: { policy: 'gdpr:documents' } }, async (request, reply) => {
      const caller = currentUser(request);
      const query = documentQuery.parse(request.query);
      const generated = await modules.documents.generate(caller, kind, schoolOf(caller, query.school));
      return sendDocument(reply, modules, kind, generated, query.format);
    });
  }

  app.get('/api/gdpr/notice', { config: { policy: 'gdpr:notice' } }, async (request, reply) => {
    const caller = currentUser(request);
    const query = noticeQuery.parse(request.query);
    const audience = query.audience ?? (caller.role === 'pupil' ? 'pupil' : 'full');
    const generated = await modules.documents.generate(caller, 'notice', schoolOf(caller, query.school), audience);
    if (query.format !== 'json') return sendDocument(reply, modules, 'notice', generated, query.format);
    // `read` tells the app whether to show the notice (first login, or its content changed since).
    const readVersion = await modules.documents.lastNoticeRead(caller.id);
    return reply.header('Cache-Control', 'no-store').send({
      kind: generated.document.kind,
      title: generated.document.title,
      version: generated.version,
      markdown: generated.markdown,
      read: readVersion === generated.version,
    });
  });

  app.post('/api/me/notice-read', { config: { policy: 'notice:acknowledge' } }, async (request, reply) => {
    const caller = currentUser(request);
    const { version, audience } = noticeReadBody.parse(request.body ?? {});
    await modules.documents.acknowledgeNotice(caller, version, audience ?? (caller.role === 'pupil' ? 'pupil' : 'full'));
    return reply.code(204).send();
  });

  app.post('/api/staff/conversations/:id/transcript', { config: { policy: 'conversation:staff-read' } }, async (request) =>
    modules.transcripts.open(currentUser(request), idParamSchema.parse(request.params).id, request.body ?? {}),
  );

  app.get('/api/gdpr/settings', { config: { policy: 'gdpr:documents' } }, async (request) => {
    const caller = currentUser(request);
    return modules.settings.read(caller, schoolOf(caller, schoolQuery.parse(request.query).school));
  });

  app.put('/api/gdpr/settings', { config: { policy: 'gdpr:settings' } }, async (request) => {
    const caller = currentUser(request);
    return modules.settings.update(caller, schoolOf(caller, schoolQuery.parse(request.query).school), request.body ?? {});
  });

  app.get('/api/audit', { config: { policy: 'audit:read' } }, async (request) => {
    const caller = currentUser(request);
    const query = auditQuery.parse(request.query);
    return modules.audit.list(caller, { schoolId: query.school, before: query.before, action: query.action, limit: query.limit });
  });

  app.get('/api/audit/verify', { config: { policy: 'audit:verify' } }, async () => modules.audit.verify());

  app.get('/api/me/access-log', { config: { policy: 'me:access-log' } }, async (request) => ({ entries: await modules.audit.accessLog(currentUser(request)) }));

  app.get('/api/me/export', { config: { policy: 'me:export' } }, async (request, reply) => {
    const caller = currentUser(request);
    const { format } = exportQuery.parse(request.query);
    const data = await modules.exports.export(caller, caller.id);
    const name = `mes-donnees-tuteur-${data.generatedAt.slice(0, 10)}`;
    reply.header('Cache-Control', 'no-store');
    if (format === 'pdf') {
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${name}.pdf"`)
        .send(await modules.documents.toPdf(buildExportDocument(data)));
    }
    return reply.header('Content-Disposition', `attachment; filename="${name}.json"`).send(data);
  });

  app.post('/api/me/rights-requests', { config: { policy: 'rights:create' } }, async (request, reply) =>
    reply.code(201).send(await modules.rights.create(currentUser(request), request.body ?? {})),
  );
  app.get('/api/me/rights-requests', { config: { policy: 'rights:list-own' } }, async (request) => ({ requests: await modules.rights.listOwn(currentUser(request)) }));

  app.get('/api/gdpr/requests', { config: { policy: 'rights:manage' } }, async (request) => ({ requests: await modules.rights.listForDpo(currentUser(request)) }));
  app.post('/api/gdpr/requests/:id/decision', { config: { policy: 'rights:manage' } }, async (request) =>
    modules.rights.decide(currentUser(request), idParamSchema.parse(request.params).id, request.body ?? {}),
  );
  app.post('/api/gdpr/requests/:id/extend', { config: { policy: 'rights:manage' } }, async (request) =>
    modules.rights.extend(currentUser(request), idParamSchema.parse(request.params).id, request.body ?? {}),
  );
}
