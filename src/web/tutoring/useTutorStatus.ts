// The signed-in pupil's tutor status, refreshed when the tab comes back to the front (a séance may have
// started, the day's quota been renewed) and on demand after each message.
import { useEffect } from 'react';
import type { TutorStatus } from '../../shared/api.ts';
import { useResource, type Resource } from '../useResource.ts';
import { tutoringPaths } from './api.ts';

export function useTutorStatus(): { status: Resource<TutorStatus>; reload: () => Promise<void> } {
  const { resource, reload } = useResource<TutorStatus>(tutoringPaths.status());
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [reload]);
  return { status: resource, reload };
}
