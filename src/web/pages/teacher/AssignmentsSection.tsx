// The teacher's assignments: state, classes, dates, modes, usage counts, the tutor switch, edit and close.
import { useState } from 'react';
import type { AssignmentUsage, AssignmentView, MeResponse } from '../../../shared/api.ts';
import { errorMessage } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { Switch } from '../../components/Switch.tsx';
import { formatDateTime, formatNumber, t } from '../../i18n/fr.ts';
import { subjectLabel } from '../../subjects.ts';
import { tutoringApi, tutoringPaths } from '../../tutoring/api.ts';
import { assignmentPhase, type AssignmentPhase } from '../../tutoring/assignmentDraft.ts';
import { modeLabel, orderedModes } from '../../tutoring/modes.ts';
import { useResource } from '../../useResource.ts';
import { AssignmentForm } from './AssignmentForm.tsx';
import { DocumentsPanel } from './DocumentsPanel.tsx';

type TeacherClass = MeResponse['classes'][number];

const PHASE_KEYS = {
  upcoming: 'teacher.phase.upcoming',
  open: 'teacher.phase.open',
  closed: 'teacher.phase.closed',
} as const satisfies Record<AssignmentPhase, string>;

export function AssignmentsSection({ classes }: { classes: TeacherClass[] }) {
  const list = useResource<AssignmentView[]>(tutoringPaths.assignments());
  const usage = useResource<AssignmentUsage[]>(tutoringPaths.usage());
  const [editing, setEditing] = useState<{ kind: 'new' } | { kind: 'edit'; id: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = async () => {
    await Promise.all([list.reload(), usage.reload()]);
  };
  const saved = (message: string) => {
    setEditing(null);
    setNotice(message);
    void reload();
  };

  const usageOf = new Map((usage.resource.data ?? []).map((row) => [row.assignmentId, row]));
  const now = Date.now();
  const assignments = [...(list.resource.data ?? [])].sort((a, b) => b.opensAt - a.opensAt);

  return (
    <section className="card teacher-section" id="devoirs" aria-labelledby="devoirs-title">
      <div className="section-head">
        <h2 id="devoirs-title">{t('teacher.assignments.title')}</h2>
        {editing?.kind !== 'new' ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setNotice(null);
              setEditing({ kind: 'new' });
            }}
            disabled={classes.length === 0}
            data-testid="assignment-new"
          >
            {t('teacher.assignments.new')}
          </button>
        ) : null}
      </div>
      <p className="muted">{t('teacher.assignments.intro')}</p>
      {notice ? (
        <Alert kind="success" testId="assignment-notice">
          <p>{notice}</p>
        </Alert>
      ) : null}
      {editing?.kind === 'new' ? (
        <AssignmentForm classes={classes} onCancel={() => setEditing(null)} onSaved={(title) => saved(t('teacher.assignments.created', { title }))} />
      ) : null}

      {list.resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {list.resource.status === 'failed' ? <SectionLoadError message={list.resource.message} onRetry={() => void reload()} /> : null}
      {list.resource.data && assignments.length === 0 ? (
        <p className="muted" data-testid="assignments-empty">
          {t('teacher.assignments.empty')}
        </p>
      ) : null}
      {assignments.length > 0 ? (
        <ul className="teacher-assignment-list">
          {assignments.map((assignment) => (
            <li key={assignment.id}>
              {editing?.kind === 'edit' && editing.id === assignment.id ? (
                <AssignmentForm
                  classes={classes}
                  assignment={assignment}
                  onCancel={() => setEditing(null)}
                  onSaved={(title) => saved(t('teacher.assignments.updated', { title }))}
                />
              ) : (
                <AssignmentItem
                  assignment={assignment}
                  usage={usageOf.get(assignment.id)}
                  classes={classes}
                  phase={assignmentPhase(assignment, now)}
                  onEdit={() => {
                    setNotice(null);
                    setEditing({ kind: 'edit', id: assignment.id });
                  }}
                  onChanged={reload}
                />
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

interface AssignmentItemProps {
  assignment: AssignmentView;
  usage: AssignmentUsage | undefined;
  classes: TeacherClass[];
  phase: AssignmentPhase;
  onEdit: () => void;
  onChanged: () => Promise<void>;
}

function AssignmentItem({ assignment, usage, classes, phase, onEdit, onChanged }: AssignmentItemProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const classNames = assignment.classIds.map((id) => classes.find((c) => c.id === id)?.name ?? t('teacher.assignments.otherClass'));

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="teacher-assignment" data-testid="teacher-assignment" data-assignment-id={assignment.id} data-phase={phase}>
      <div className="assignment-head">
        <h3 className="assignment-title" data-testid="teacher-assignment-title">
          {assignment.title}
        </h3>
        <span className="badge">{subjectLabel(assignment.subject)}</span>
        <span className={`badge phase-${phase}`} data-testid="assignment-phase">
          {t(PHASE_KEYS[phase])}
        </span>
      </div>
      <dl className="assignment-facts">
        <div>
          <dt>{t('teacher.assignments.classes')}</dt>
          <dd>{classNames.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('teacher.assignments.opens')}</dt>
          <dd>{formatDateTime(assignment.opensAt)}</dd>
        </div>
        <div>
          <dt>{t('teacher.assignments.closes')}</dt>
          <dd>{formatDateTime(assignment.closesAt)}</dd>
        </div>
        <div>
          <dt>{t('teacher.assignments.modes')}</dt>
          <dd>{orderedModes(assignment.modes).map(modeLabel).join(', ')}</dd>
        </div>
      </dl>
      <div className="usage" data-testid="assignment-usage">
        <p className="usage-title">{t('teacher.usage.title')}</p>
        <dl className="usage-stats">
          <div>
            <dt>{t('teacher.usage.pupils')}</dt>
            <dd data-testid="usage-pupils">{formatNumber(usage?.pupils ?? 0)}</dd>
          </div>
          <div>
            <dt>{t('teacher.usage.conversations')}</dt>
            <dd data-testid="usage-conversations">{formatNumber(usage?.conversations ?? 0)}</dd>
          </div>
          <div>
            <dt>{t('teacher.usage.messages')}</dt>
            <dd data-testid="usage-messages">{formatNumber(usage?.pupilMessages ?? 0)}</dd>
          </div>
        </dl>
      </div>
      <DocumentsPanel assignmentId={assignment.id} title={assignment.title} />
      {error ? (
        <Alert kind="error" testId="teacher-assignment-error">
          <p>{error}</p>
        </Alert>
      ) : null}
      <div className="teacher-assignment-actions">
        <Switch
          checked={assignment.tutorEnabled}
          onChange={(enabled) => void run(() => tutoringApi.setAssignmentTutor(assignment.id, enabled))}
          label={t('teacher.assignments.tutor')}
          onText={t('teacher.switch.on')}
          offText={t('teacher.switch.off')}
          disabled={busy}
          testId="assignment-tutor-switch"
        />
        <div className="button-row">
          <button type="button" className="button button-secondary button-small" onClick={onEdit} disabled={busy} data-testid="assignment-edit">
            {t('teacher.assignments.edit')}
          </button>
          {phase === 'open' ? (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => void run(() => tutoringApi.updateAssignment(assignment.id, { closesAt: Date.now() }))}
              disabled={busy}
              data-testid="assignment-close"
            >
              {t('teacher.assignments.closeNow')}
            </button>
          ) : null}
        </div>
      </div>
    </article>
  );
}
