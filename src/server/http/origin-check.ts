// CSRF defence: a state-changing request must come from our own pages. Browsers always send Origin on
// POST/PUT/PATCH/DELETE; a request with a foreign or missing origin is refused.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function expectedOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${request.protocol}://${request.host}`;
}

export function installOriginCheck(app: FastifyInstance, publicUrl: string | undefined): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config.originCheck === false) return;
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    const allowed = expectedOrigin(request, publicUrl);
    if (origin !== undefined ? origin === allowed : fetchSite === 'same-origin') return;
    throw new HttpError(403, 'bad_origin', 'Requête refusée : elle ne vient pas de Tuteur (vérification d’origine).');
  });
}
