// A class's live séance: open it for N minutes, end it, and see who is connected, who wrote to the tutor
// and who is waiting for an answer (the queue, oldest first): names and times only, refreshed every few
// seconds.
import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { useInterval } from '../../hooks.ts';
import { formatTime, formatTimeWithSeconds, t } from '../../i18n/fr.ts';
import { tutoringApi, tutoringPaths, type LiveView } from '../../tutoring/api.ts';
import { useApiForm } from '../../useApiForm.ts';
import { useResource } from '../../useResource.ts';

/** How often the teacher's view asks who is active. */
export const LIVE_REFRESH_MS = 10_000;

/** Same bounds as the API's createLiveSessionSchema. */
export const DURATION = { min: 5, max: 240, default: 55 } as const;

/** The duration typed by the teacher, or the French reason it is refused. */
export function parseDuration(text: string): { ok: true; minutes: number } | { ok: false; message: string } {
  const minutes = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(minutes) || minutes < DURATION.min || minutes > DURATION.max) {
    return { ok: false, message: t('teacher.live.durationInvalid', { min: DURATION.min, max: DURATION.max }) };
  }
  return { ok: true, minutes };
}

/** The queue first (longest wait first), then the latest to write, then those connected who have not written. */
export function orderForTeacher(pupils: readonly LiveView['pupils'][number][]): LiveView['pupils'][number][] {
  const rank = (p: LiveView['pupils'][number]) => (p.waitingSince !== null ? 0 : p.lastMessageAt !== null ? 1 : 2);
  return [...pupils].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.waitingSince ?? 0) - (b.waitingSince ?? 0) ||
      (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0) ||
      a.displayName.localeCompare(b.displayName, 'fr'),
  );
}

export function LiveSessionPanel({ classId }: { classId: string }) {
  const live = useResource<LiveView>(tutoringPaths.liveView(classId));
  const [duration, setDuration] = useState(String(DURATION.default));
  const [refreshedAt, setRefreshedAt] = useState<number | null>(null);
  const form = useApiForm();
  useInterval(() => void live.reload(), LIVE_REFRESH_MS);

  useEffect(() => {
    if (live.resource.status === 'ready') setRefreshedAt(Date.now());
  }, [live.resource]);

  const session = live.resource.data?.session ?? null;
  const pupils = orderForTeacher(live.resource.data?.pupils ?? []);
  const waiting = live.resource.data?.waiting ?? 0;

  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseDuration(duration);
    if (!parsed.ok) return form.fail({ durationMinutes: parsed.message });
    await form.submit(async () => {
      await tutoringApi.startLiveSession(classId, parsed.minutes);
      await live.reload();
      return '';
    });
  };

  const onEnd = async (sessionId: string) => {
    await form.submit(async () => {
      await tutoringApi.endLiveSession(sessionId);
      await live.reload();
      return '';
    });
  };

  return (
    <div className="live-panel" data-testid="live-panel">
      <h4>{t('teacher.live.title')}</h4>
      {live.resource.status === 'failed' ? <SectionLoadError message={live.resource.message} onRetry={() => void live.reload()} /> : null}
      {/* No success line: the séance's state just below says it. */}
      <FormFeedback error={form.error} success={null} testId="live" />
      {live.resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {live.resource.data && session ? (
        <>
          <p className="live-status live-running" data-testid="live-status" data-state="running">
            <span className="live-dot" aria-hidden="true" />
            {t('teacher.live.running', { time: formatTime(session.endsAt) })}
          </p>
          <button type="button" className="button button-danger button-small" onClick={() => void onEnd(session.id)} disabled={form.busy} data-testid="live-end">
            {t('teacher.live.end')}
          </button>
          <h5 className="live-pupils-title">{t('teacher.live.pupils', { count: pupils.length })}</h5>
          <p className="live-waiting-count" data-testid="live-waiting" data-count={waiting}>
            {t('teacher.live.waiting', { count: waiting })}
          </p>
          {pupils.length === 0 ? (
            <p className="muted" data-testid="live-no-pupils">
              {t('teacher.live.noPupils')}
            </p>
          ) : (
            <ul className="live-pupils">
              {pupils.map((pupil) => (
                <li key={pupil.id} data-testid="live-pupil" data-waiting={pupil.waitingSince !== null ? 'true' : 'false'}>
                  <span className="live-pupil-name">
                    {pupil.displayName}
                    {pupil.connected ? <span className="live-connected">{t('teacher.live.connected')}</span> : null}
                  </span>
                  {pupil.waitingSince !== null ? (
                    <span className="live-waiting">{t('teacher.live.waitingSince', { time: formatTimeWithSeconds(pupil.waitingSince) })}</span>
                  ) : (
                    <span className="muted">{pupil.lastMessageAt !== null ? t('teacher.live.lastMessage', { time: formatTime(pupil.lastMessageAt) }) : t('teacher.live.notYet')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {live.resource.data && !session ? (
        <>
          <p className="live-status" data-testid="live-status" data-state="none">
            {t('teacher.live.none')}
          </p>
          <form className="live-start" onSubmit={onStart} noValidate>
            <Field label={t('teacher.live.duration')} error={form.fieldErrors.durationMinutes}>
              <input
                type="number"
                inputMode="numeric"
                min={DURATION.min}
                max={DURATION.max}
                step={5}
                value={duration}
                onChange={(event) => setDuration(event.target.value)}
                data-testid="live-duration"
              />
            </Field>
            <button type="submit" className="button button-small" disabled={form.busy} data-testid="live-start">
              {t('teacher.live.start')}
            </button>
          </form>
        </>
      ) : null}
      {refreshedAt !== null ? <p className="live-refreshed muted">{t('teacher.live.refreshed', { time: formatTimeWithSeconds(refreshedAt) })}</p> : null}
    </div>
  );
}
