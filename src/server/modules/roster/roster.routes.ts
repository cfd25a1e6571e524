// HTTP for roster imports: a preview, then the import. The file travels inside JSON, as text (`csv`) or,
// so the server can tell UTF-8 from Windows-1252 itself, as the file's bytes in base64 (`csvBase64`).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParamSchema } from '../../../shared/api.ts';
import { currentUser } from '../../http/route-policy.ts';
import { MAX_ROSTER_BYTES, type RosterService, type RosterSource } from './roster.service.ts';

// Base64 is 4/3 of the bytes; JSON framing adds a little. The decoded size is checked against 5 Mo.
const BODY_LIMIT = Math.ceil((MAX_ROSTER_BYTES * 4) / 3) + 64 * 1024;

const rosterBodySchema = z
  .strictObject({
    csv: z.string({ message: 'Le contenu du fichier (csv) doit être du texte.' }).max(MAX_ROSTER_BYTES, 'Le fichier dépasse 5 Mo.').optional(),
    csvBase64: z
      .string({ message: 'Le contenu du fichier (csvBase64) doit être du texte en base64.' })
      .max(BODY_LIMIT, 'Le fichier dépasse 5 Mo.')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Le contenu du fichier (csvBase64) n’est pas du base64 valide.')
      .optional(),
    partial: z.boolean({ message: 'partial doit valoir true ou false.' }).optional(),
  })
  .refine((body) => (body.csv === undefined) !== (body.csvBase64 === undefined), {
    message: 'Envoyez le fichier dans « csv » (texte) ou dans « csvBase64 » (octets en base64), pas les deux.',
  });

function sourceOf(body: z.infer<typeof rosterBodySchema>): RosterSource {
  return body.csvBase64 !== undefined ? { bytes: Buffer.from(body.csvBase64, 'base64') } : { text: body.csv ?? '' };
}

export function registerRosterRoutes(app: FastifyInstance, roster: RosterService): void {
  app.post('/api/schools/:id/roster/preview', { config: { policy: 'roster:import' }, bodyLimit: BODY_LIMIT }, async (request) => {
    const { id } = idParamSchema.parse(request.params);
    const body = rosterBodySchema.parse(request.body);
    return roster.preview(currentUser(request), id, sourceOf(body), { partial: body.partial });
  });

  app.post('/api/schools/:id/roster/import', { config: { policy: 'roster:import' }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const { id } = idParamSchema.parse(request.params);
    const body = rosterBodySchema.parse(request.body);
    const result = await roster.import(currentUser(request), id, sourceOf(body), { partial: body.partial });
    if (!result.applied) {
      const n = result.preview.errors.length;
      return reply.code(422).send({
        code: 'roster_invalid',
        message: `Import refusé : le fichier contient ${n} erreur${n > 1 ? 's' : ''}. Corrigez-le puis recommencez ; rien n’a été modifié.`,
        ...result.preview,
      });
    }
    return result.preview;
  });
}
