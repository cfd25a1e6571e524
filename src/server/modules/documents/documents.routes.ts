// HTTP for the course documents of an assignment. The upload's body is the file itself (its bytes, its own
// Content-Type), its name in the `name` query parameter: no multipart parsing, and nothing written to disk.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParamSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import type { DocumentsService } from './documents.service.ts';
import { refuse, type DocumentLimits } from './limits.ts';

const uploadQuery = z.strictObject({
  name: z.string({ message: 'Indiquez le nom du fichier.' }).min(1, 'Indiquez le nom du fichier.').max(1000, 'Nom de fichier trop long.'),
});
const documentParams = z.strictObject({
  id: z.string().uuid('Identifiant invalide.'),
  documentId: z.string().uuid('Identifiant de document invalide.'),
});

export async function registerDocumentsRoutes(app: FastifyInstance, documents: DocumentsService, limits: DocumentLimits): Promise<void> {
  app.get('/api/assignments/:id/documents', { config: { policy: 'assignment:manage' } }, async (request) =>
    documents.list(currentUser(request), idParamSchema.parse(request.params).id),
  );

  app.delete('/api/assignments/:id/documents/:documentId', { config: { policy: 'assignment:manage' } }, async (request, reply) => {
    const { id, documentId } = documentParams.parse(request.params);
    await documents.remove(currentUser(request), id, documentId);
    return reply.code(204).send();
  });

  // Its own scope: the raw-bytes parser and the larger body limit apply to this route only.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBytes }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error, _request, _reply) => {
      // Said in the teacher's words, with the limit; every other error goes on to the application's handler.
      if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw refuse.tooLarge(limits);
      throw error;
    });
    scope.post('/api/assignments/:id/documents', { config: { policy: 'assignment:manage' }, bodyLimit: limits.maxBytes }, async (request, reply) => {
      const { id } = idParamSchema.parse(request.params);
      const { name } = uploadQuery.parse(request.query);
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw refuse.noFile();
      const created = await documents.upload(currentUser(request), id, { fileName: name, contentType: request.headers['content-type'], bytes: body });
      return reply.code(201).send(created);
    });
  });
}
