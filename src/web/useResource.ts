// Loads one API resource for a page section and reloads it on demand.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from './api/client.ts';

export type Resource<T> =
  | { status: 'loading'; data?: undefined }
  | { status: 'ready'; data: T }
  | { status: 'failed'; message: string; data?: T | undefined };

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
        setResource((previous) => ({ status: 'failed', message: errorMessage(error), data: previous.data }));
      }
    }
  }, [path]);

  useEffect(() => {
    void reload();
    return () => current.current?.abort();
  }, [reload]);

  return { resource, reload };
}
