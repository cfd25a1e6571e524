// HTTP for a pupil's conversations; the answer to a message is a text/event-stream.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createConversationSchema, idParamSchema, postMessageSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import { openSse } from '../../http/sse.ts';
import type { ChatService } from './chat.service.ts';

const reportParams = z.strictObject({ id: z.string().uuid('Identifiant invalide.'), messageId: z.string().uuid('Identifiant invalide.') });
const reportBody = z.strictObject({ reason: z.string().trim().max(1000, '1000 caractères au maximum.').optional() });

export function registerChatRoutes(app: FastifyInstance, chat: ChatService): void {
  app.post('/api/conversations/:id/messages/:messageId/report', { config: { policy: 'message:report' } }, async (request, reply) => {
    const { id, messageId } = reportParams.parse(request.params);
    await chat.report(currentUser(request), id, messageId, reportBody.parse(request.body ?? {}).reason);
    return reply.code(204).send();
  });

  app.get('/api/conversations', { config: { policy: 'conversation:list' } }, async (request) => chat.list(currentUser(request)));

  app.post('/api/conversations', { config: { policy: 'conversation:create' } }, async (request, reply) => {
    const input = createConversationSchema.parse(request.body ?? {});
    return reply.code(201).send(await chat.create(currentUser(request), input));
  });

  app.get('/api/conversations/:id', { config: { policy: 'conversation:read' } }, async (request) =>
    chat.get(currentUser(request), idParamSchema.parse(request.params).id),
  );

  app.post('/api/conversations/:id/messages', { config: { policy: 'conversation:write' } }, async (request, reply) => {
    const { id } = idParamSchema.parse(request.params);
    const { text } = postMessageSchema.parse(request.body);
    // Everything that can refuse the message runs before the stream opens, so refusals are plain JSON.
    const prepared = await chat.prepareMessage(currentUser(request), id, text);
    reply.hijack();
    const stream = openSse(reply.raw);
    reply.raw.on('close', () => {
      // The pupil left (closed the page, pressed stop): stop generating; the partial answer is kept.
      if (!prepared.controller.signal.aborted) prepared.controller.abort(new Error('client disconnected'));
    });
    await chat.streamAnswer(prepared, (event) => stream.send(event));
    stream.end();
  });
}
