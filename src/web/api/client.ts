// JSON calls to the Tuteur API on the same origin, with its error shape turned into a typed exception.
import type { ApiError } from '../../shared/api.ts';
import { t } from '../i18n/fr.ts';

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: { path: string; message: string }[];
  /** The whole JSON answer, for errors that carry more than a message (e.g. a refused roster's preview). */
  readonly body: ApiError;

  constructor(status: number, body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = body.code;
    this.issues = body.issues ?? [];
    this.body = body;
  }

  /** Messages of validation issues keyed by their first path segment ("classIds.0" → "classIds"). */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const issue of this.issues) {
      const field = issue.path.split(/[.[]/)[0] ?? '';
      if (field && !byField[field]) byField[field] = issue.message;
    }
    return byField;
  }
}

/** Status 0 stands for "no HTTP answer at all" (network down, server stopped). */
export const NETWORK_ERROR_STATUS = 0;

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | undefined;

/** Called when an authenticated call gets 401 (session ended, account disabled), so the app can show the login. */
export function setUnauthorizedListener(listener: UnauthorizedListener | undefined): void {
  onUnauthorized = listener;
}

/** Reports that the session is over (used by calls that do not go through apiRequest). */
export function notifyUnauthorized(): void {
  onUnauthorized?.();
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).code === 'string' &&
    typeof (value as ApiError).message === 'string'
  );
}

/** Builds the exception for a non-2xx response, whatever its body (JSON ApiError, HTML from a proxy, nothing). */
export async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isApiError(body)) return new ApiRequestError(response.status, body);
  return new ApiRequestError(response.status, {
    code: `http_${response.status}`,
    message: t('error.server', { status: response.status }),
  });
}

export function networkError(): ApiRequestError {
  return new ApiRequestError(NETWORK_ERROR_STATUS, { code: 'network', message: t('error.network') });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** 401 is an expected answer here (login form, session probe): do not report the session as ended. */
  expectUnauthorized?: boolean;
}

/** Calls `path` (e.g. "/api/me") and returns its JSON, or undefined for 204. Throws ApiRequestError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (response.status === 401 && !options.expectUnauthorized) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) => apiRequest<T>(path, options),
  post: <T>(path: string, body: unknown = {}, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
};

/** The message to show for any error thrown by the API layer. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return t('error.unexpected');
}
