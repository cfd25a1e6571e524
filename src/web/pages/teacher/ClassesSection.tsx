// The teacher's classes: pausing the tutor for a whole class (e.g. during a test) and the live séance.
import { useState } from 'react';
import type { MeResponse } from '../../../shared/api.ts';
import { errorMessage } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { formatTime, t } from '../../i18n/fr.ts';
import { levelLabel } from '../../levels.ts';
import { tutoringApi } from '../../tutoring/api.ts';
import { LiveSessionPanel } from './LiveSessionPanel.tsx';

type TeacherClass = MeResponse['classes'][number];

export function ClassesSection({ classes }: { classes: TeacherClass[] }) {
  return (
    <section className="card teacher-section" id="classes" aria-labelledby="classes-title">
      <h2 id="classes-title">{t('teacher.classes.title')}</h2>
      <p className="muted">{t('teacher.classes.intro')}</p>
      {classes.length === 0 ? (
        <p className="muted">{t('teacher.classes.empty')}</p>
      ) : (
        <ul className="class-list">
          {classes.map((schoolClass) => (
            <li key={schoolClass.id}>
              <ClassPanel schoolClass={schoolClass} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ClassPanel({ schoolClass }: { schoolClass: TeacherClass }) {
  const titleId = `class-${schoolClass.id}-title`;
  return (
    <article className="class-panel" aria-labelledby={titleId} data-testid="teacher-class" data-class-name={schoolClass.name}>
      <div className="class-head">
        <h3 id={titleId}>{schoolClass.name}</h3>
        <span className="badge">{levelLabel(schoolClass.level)}</span>
      </div>
      <div className="class-body">
        <LiveSessionPanel classId={schoolClass.id} />
        <ClassTutorControl classId={schoolClass.id} initiallyEnabled={schoolClass.tutorEnabled} />
      </div>
    </article>
  );
}

/**
 * Pause and resume buttons: the one matching the class's current state (from /api/me) is disabled, and the
 * time of a change made from this page is shown.
 */
function ClassTutorControl({ classId, initiallyEnabled }: { classId: string; initiallyEnabled: boolean }) {
  const [known, setKnown] = useState<{ enabled: boolean; at: number } | null>(null);
  const enabled = known?.enabled ?? initiallyEnabled;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const change = async (enabled: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await tutoringApi.setClassTutor(classId, enabled);
      setKnown({ enabled, at: Date.now() });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="class-tutor" data-testid="class-tutor">
      <h4>{t('teacher.classTutor.title')}</h4>
      <p className="muted">{t('teacher.classTutor.help')}</p>
      {known ? (
        <p className={known.enabled ? 'class-tutor-state' : 'class-tutor-state class-tutor-paused'} role="status" data-testid="class-tutor-state" data-enabled={known.enabled}>
          {known.enabled ? t('teacher.classTutor.resumedAt', { time: formatTime(known.at) }) : t('teacher.classTutor.pausedAt', { time: formatTime(known.at) })}
        </p>
      ) : null}
      {error ? (
        <Alert kind="error" testId="class-tutor-error">
          <p>{error}</p>
        </Alert>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button-danger button-small" onClick={() => void change(false)} disabled={busy || !enabled} data-testid="class-tutor-pause">
          {t('teacher.classTutor.pause')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => void change(true)} disabled={busy || enabled} data-testid="class-tutor-resume">
          {t('teacher.classTutor.resume')}
        </button>
      </div>
    </div>
  );
}
