// The page a browser lands on when a sign-in through the ENT fails: the sign-in is a redirect, so the
// French message is shown as a small page rather than JSON.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../http/errors.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function sendSsoError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Connexion impossible – Tuteur</title></head>
<body>
<main>
<h1>Connexion impossible</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/">Retour à la page de connexion</a></p>
</main>
</body>
</html>
`;
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/**
 * A refusal that carries its own French message (an HttpError, such as SsoRefusal): shown as it is and logged with
 * its code. null for any other error, which each provider's route explains in its own terms.
 */
export function sendSsoRefusal(request: FastifyRequest, reply: FastifyReply, providerId: string, error: unknown): FastifyReply | null {
  if (!(error instanceof HttpError)) return null;
  request.log.warn({ provider: providerId, code: error.code }, 'sso sign-in refused');
  return sendSsoError(reply, error.status, error.message);
}
