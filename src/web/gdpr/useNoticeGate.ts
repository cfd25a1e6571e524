// Whether the information notice must be shown before anything else: at first sign-in, and again each time
// its content changes (the server tells with `read`). A failure to check never locks anyone out.
import { useCallback, useEffect, useState } from 'react';
import type { MeResponse } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { gdprPaths, type NoticeView } from './api.ts';

export type NoticeGateState = { status: 'checking' } | { status: 'required'; notice: NoticeView } | { status: 'clear' };

export function useNoticeGate(me: MeResponse | null): { gate: NoticeGateState; done: () => void; recheck: () => void } {
  const [gate, setGate] = useState<NoticeGateState>({ status: 'checking' });
  const [round, setRound] = useState(0);
  const userId = me?.id ?? null;
  // The notice is the school's: an académie account without a school has none to read.
  const hasSchool = me?.school != null;

  useEffect(() => {
    if (userId === null) {
      setGate({ status: 'checking' });
      return;
    }
    if (!hasSchool) {
      setGate({ status: 'clear' });
      return;
    }
    const controller = new AbortController();
    api
      .get<NoticeView>(gdprPaths.notice(null), { signal: controller.signal })
      .then((notice) => {
        if (!controller.signal.aborted) setGate(notice.read ? { status: 'clear' } : { status: 'required', notice });
      })
      .catch(() => {
        if (!controller.signal.aborted) setGate({ status: 'clear' });
      });
    return () => controller.abort();
  }, [userId, hasSchool, round]);

  const done = useCallback(() => setGate({ status: 'clear' }), []);
  const recheck = useCallback(() => setRound((value) => value + 1), []);
  return { gate, done, recheck };
}
