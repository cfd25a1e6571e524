// Loads one API resource for a page section and reloads it on demand.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiRequestError, api, errorMessage } from './api/client.ts';

export type Resource<T> =
  | { status: 'loading'; data?: undefined }
  | { status: 'ready'; data: T }
  /** `httpStatus`: the API's answer (403, 404…), so a page can tell "not yours" from "try again". */
  | { status: 'failed'; message: string; httpStatus?: number; data?: T | undefined };

export function useResource<T>(path: string): { resource: Resource<T>; reload: () => Promise<void> } {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const current = useRef<AbortController | null>(null);

  const reload = useCallback(async () => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    try {
      const data = await api.get<T>(path, { signal: controller.signal });
      if (!controller.signal.aborted) setResource({ status: 'ready', data });
    } catch (error) {
      if (!controller.signal.aborted) {
        const httpStatus = error instanceof ApiRequestError ? error.status : undefined;
        setResource((previous) => ({ status: 'failed', message: errorMessage(error), httpStatus, data: previous.data }));
      }
    }
  }, [path]);

  useEffect(() => {
    void reload();
    return () => current.current?.abort();
  }, [reload]);

  return { resource, reload };
}
