// Teacher home: its assignments opened to the tutor (with usage counts, never transcripts), and per class
// the tutor's pause switch and the live séance.
import { Alert } from '../../components/Alert.tsx';
import { useDocumentTitle } from '../../hooks.ts';
import { t } from '../../i18n/fr.ts';
import { useSession } from '../../session.ts';
import { AssignmentsSection } from './AssignmentsSection.tsx';
import { ClassesSection } from './ClassesSection.tsx';
import './teacher.css';

export function TeacherPage() {
  const { me } = useSession();
  useDocumentTitle(t('teacher.title'));
  return (
    <main className="page teacher-page" id="main">
      <div className="page-header">
        <h1 tabIndex={-1}>{t('teacher.title')}</h1>
        <p>{t('teacher.intro')}</p>
        <nav aria-label={t('teacher.sectionsLabel')} className="page-toc">
          <a href="#devoirs">{t('teacher.assignments.title')}</a>
          <a href="#classes">{t('teacher.classes.title')}</a>
        </nav>
      </div>
      {me.classes.length === 0 ? (
        <Alert kind="info" testId="teacher-no-classes">
          <p>{t('teacher.noClasses')}</p>
        </Alert>
      ) : null}
      <AssignmentsSection classes={me.classes} />
      <ClassesSection classes={me.classes} />
    </main>
  );
}
