// Errors that carry an HTTP status and a French message for the person who made the request.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/connection.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const notFound = (message = 'Cette ressource est introuvable.') => new HttpError(404, 'not_found', message);
export const forbidden = (message = 'Vous n’avez pas le droit de faire cela.') => new HttpError(403, 'forbidden', message);
export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Veuillez vous connecter.');

/** Seconds a client waits before trying again when the database cannot serve (locked, full, unreachable). */
export const DATABASE_RETRY_AFTER_S = 60;
export const DATABASE_UNAVAILABLE_MESSAGE = 'Le serveur est momentanément indisponible : réessaie dans une minute.';

/**
 * Routes whose write is one transaction (the pupil's message): when the database fails, nothing of the
 * request was kept, and the person is told so; elsewhere the message stays neutral.
 */
const ATOMIC_WRITE_POLICIES = new Set(['conversation:write']);

export function zodIssues(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | ZodError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.status).headers(error.headers).send({ code: error.code, message: error.message });
    }
    if (error instanceof ZodError) {
      const issues = zodIssues(error);
      return reply.code(400).send({ code: 'invalid_input', message: issues[0]?.message ?? 'Données invalides.', issues });
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const message =
        status === 413
          ? 'La requête est trop volumineuse.'
          : status === 415
            ? 'Format de requête non pris en charge (JSON attendu).'
            : 'Requête invalide.';
      return reply.code(status).send({ code: error.code ?? 'bad_request', message });
    }
    if (isDatabaseUnavailable(error)) {
      // The driver's message names files, hosts or SQL: logged (no request body), never sent.
      request.log.warn({ err: { name: error.name, code: (error as { code?: unknown }).code, message: error.message } }, 'database unavailable');
      const atomic = ATOMIC_WRITE_POLICIES.has(String(request.routeOptions.config.policy));
      return reply
        .code(503)
        .header('Retry-After', String(DATABASE_RETRY_AFTER_S))
        .send({
          code: 'database_unavailable',
          message: atomic ? `${DATABASE_UNAVAILABLE_MESSAGE} Ton message n’a pas été enregistré.` : DATABASE_UNAVAILABLE_MESSAGE,
          ...(atomic ? { stored: false } : {}),
        });
    }
    // Log the error class and stack, never the request body (it may hold a pupil's text).
    request.log.error({ err: { name: error.name, message: error.message, stack: error.stack } }, 'unhandled error');
    return reply.code(500).send({ code: 'internal', message: 'Une erreur interne est survenue. Réessayez dans un instant.' });
  });
}

/** Unknown paths: the single-page app for browser navigation (when built), a JSON 404 for the API. */
export function installNotFoundHandler(app: FastifyInstance, serveSpa: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    if (serveSpa && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ code: 'not_found', message: 'Cette page ou ressource est introuvable.' });
  });
}
