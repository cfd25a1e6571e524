// Accounts: the list with disable/enable, and a form to create one (role, school, classes, initial password).
import { useState, type FormEvent } from 'react';
import type { PasswordResetLink } from '../../../shared/api.ts';
import { ROLE_LABELS_FR, ROLES, type Role } from '../../../shared/roles.ts';
import { api, errorMessage } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { FormFeedback } from '../../components/FormFeedback.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { formatDateTime, t } from '../../i18n/fr.ts';
import { levelLabel } from '../../levels.ts';
import { useSession } from '../../session.ts';
import { useApiForm } from '../../useApiForm.ts';
import { useResource } from '../../useResource.ts';
import { generatePassword } from './password.ts';
import type { School, SchoolClass, UserRow } from './types.ts';
import { SchoolSelect } from './SchoolSelect.tsx';

interface UsersSectionProps {
  schools: School[];
  classes: SchoolClass[];
}

export function UsersSection({ schools, classes }: UsersSectionProps) {
  const { me } = useSession();
  const { resource, reload } = useResource<UserRow[]>('/api/users');
  const [rowBusy, setRowBusy] = useState<string | null>(null);
  const [rowMessage, setRowMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // The one-time reset link is shown once, here, for the admin to hand over.
  const [resetLink, setResetLink] = useState<{ login: string; url: string; expiresAt: number } | null>(null);

  const schoolName = (id: string | null) => (id ? (schools.find((school) => school.id === id)?.name ?? t('admin.none')) : t('admin.none'));
  const classNames = (ids: string[]) =>
    ids
      .map((id) => classes.find((schoolClass) => schoolClass.id === id)?.name)
      .filter((name): name is string => Boolean(name))
      .join(', ') || t('admin.none');

  const createResetLink = async (user: UserRow) => {
    setRowBusy(user.id);
    setRowMessage(null);
    setResetLink(null);
    try {
      const link = await api.post<PasswordResetLink>(`/api/users/${encodeURIComponent(user.id)}/password-reset`);
      setResetLink({ login: link.login, url: `${window.location.origin}${link.path}`, expiresAt: link.expiresAt });
    } catch (error) {
      setRowMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setRowBusy(null);
    }
  };

  const toggle = async (user: UserRow) => {
    setRowBusy(user.id);
    setRowMessage(null);
    try {
      await api.post(`/api/users/${encodeURIComponent(user.id)}/${user.disabled ? 'enable' : 'disable'}`);
      await reload();
      setRowMessage({
        kind: 'success',
        text: user.disabled ? t('admin.users.enabledDone', { login: user.login }) : t('admin.users.disabledDone', { login: user.login }),
      });
    } catch (error) {
      setRowMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setRowBusy(null);
    }
  };

  return (
    <section className="card admin-section" id="comptes" aria-labelledby="comptes-title">
      <h2 id="comptes-title">{t('admin.users.title')}</h2>
      {rowMessage ? (
        <Alert kind={rowMessage.kind} testId="admin-user-action-message">
          <p>{rowMessage.text}</p>
        </Alert>
      ) : null}
      {resetLink ? (
        <Alert kind="success" testId="admin-reset-link-message">
          <p>{t('admin.users.resetLinkDone', { login: resetLink.login, date: formatDateTime(resetLink.expiresAt) })}</p>
          <p>
            <code data-testid="admin-reset-link">{resetLink.url}</code>
          </p>
        </Alert>
      ) : null}
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {resource.data ? (
        resource.data.length === 0 ? (
          <p className="muted">{t('admin.users.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="admin-users-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.displayName')}</th>
                  <th scope="col">{t('admin.users.login')}</th>
                  <th scope="col">{t('admin.users.role')}</th>
                  <th scope="col">{t('admin.users.school')}</th>
                  <th scope="col">{t('admin.users.classes')}</th>
                  <th scope="col">{t('admin.users.status')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {resource.data.map((user) => (
                  <tr key={user.id} data-testid="admin-user-row" data-login={user.login} data-disabled={user.disabled}>
                    <th scope="row">
                      {user.displayName}
                      {user.id === me.id ? <span className="muted"> {t('admin.users.you')}</span> : null}
                    </th>
                    <td>
                      <code>{user.login}</code>
                    </td>
                    <td>{ROLE_LABELS_FR[user.role] ?? user.role}</td>
                    <td>{schoolName(user.schoolId)}</td>
                    <td>{classNames(user.classIds)}</td>
                    <td>
                      <span className={user.disabled ? 'badge badge-danger' : 'badge badge-success'}>
                        {user.disabled ? t('admin.users.disabled') : t('admin.users.active')}
                      </span>
                    </td>
                    <td>
                      {user.id === me.id ? null : (
                        <>
                          <button
                            type="button"
                            className={user.disabled ? 'button button-secondary button-small' : 'button button-danger button-small'}
                            onClick={() => void toggle(user)}
                            disabled={rowBusy === user.id}
                            aria-label={
                              user.disabled ? t('admin.users.enableLabel', { login: user.login }) : t('admin.users.disableLabel', { login: user.login })
                            }
                            data-testid={user.disabled ? 'admin-user-enable' : 'admin-user-disable'}
                          >
                            {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                          </button>{' '}
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => void createResetLink(user)}
                            disabled={rowBusy === user.id || user.disabled}
                            aria-label={t('admin.users.resetLinkLabel', { login: user.login })}
                            data-testid="admin-user-reset-link"
                          >
                            {t('admin.users.resetLink')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <CreateUserForm schools={schools} classes={classes} onCreated={reload} />
    </section>
  );
}

/** Roles an administrator may hand out: a school's administrator cannot create académie-wide accounts. */
function assignableRoles(actor: Role): Role[] {
  return actor === 'academie-admin' ? [...ROLES] : ROLES.filter((role) => role !== 'academie-admin');
}

const ROLES_WITH_CLASSES: Role[] = ['pupil', 'teacher'];

interface CreateUserFormProps {
  schools: School[];
  classes: SchoolClass[];
  onCreated: () => Promise<void>;
}

function CreateUserForm({ schools, classes, onCreated }: CreateUserFormProps) {
  const { me } = useSession();
  const roles = assignableRoles(me.role);
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('pupil');
  const [schoolChoice, setSchoolChoice] = useState('');
  const [classIds, setClassIds] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const form = useApiForm();

  const needsSchool = role !== 'academie-admin';
  // A school administrator's accounts belong to their school; otherwise pick one (or none if there is only one).
  const schoolId = !needsSchool ? '' : me.role === 'school-admin' && me.school ? me.school.id : schoolChoice || (schools.length === 1 ? schools[0]!.id : '');
  const schoolClasses = classes.filter((schoolClass) => schoolClass.schoolId === schoolId);
  const showClasses = needsSchool && ROLES_WITH_CLASSES.includes(role) && schoolId !== '';

  const toggleClass = (id: string, checked: boolean) =>
    setClassIds((previous) => (checked ? [...previous, id] : previous.filter((existing) => existing !== id)));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!login.trim()) missing.login = t('form.required');
    if (!displayName.trim()) missing.displayName = t('form.required');
    if (needsSchool && !schoolId) missing.schoolId = t('form.required');
    if (!password) missing.password = t('form.required');
    if (Object.keys(missing).length > 0) return form.fail(missing);

    const body: Record<string, unknown> = { login: login.trim(), displayName: displayName.trim(), role, password };
    if (needsSchool) body.schoolId = schoolId;
    const chosenClasses = showClasses ? classIds.filter((id) => schoolClasses.some((schoolClass) => schoolClass.id === id)) : [];
    if (chosenClasses.length > 0) body.classIds = chosenClasses;

    const ok = await form.submit(async () => {
      await api.post('/api/users', body);
      await onCreated();
      return t('admin.users.created', { login: login.trim(), password });
    });
    if (ok) {
      setLogin('');
      setDisplayName('');
      setPassword('');
      setClassIds([]);
    }
  };

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate aria-labelledby="user-form-title">
      <h3 id="user-form-title">{t('admin.users.createTitle')}</h3>
      <FormFeedback error={form.error} success={form.success} testId="admin-user" />
      <div className="form-grid">
        <Field label={t('admin.users.displayName')} error={form.fieldErrors.displayName}>
          <input type="text" value={displayName} onChange={(event) => setDisplayName(event.target.value)} autoComplete="off" data-testid="admin-user-displayname" />
        </Field>
        <Field label={t('admin.users.login')} hint={t('admin.users.loginHint')} error={form.fieldErrors.login}>
          <input
            type="text"
            value={login}
            onChange={(event) => setLogin(event.target.value)}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            data-testid="admin-user-login"
          />
        </Field>
        <Field label={t('admin.users.role')} error={form.fieldErrors.role}>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)} data-testid="admin-user-role">
            {roles.map((code) => (
              <option key={code} value={code}>
                {ROLE_LABELS_FR[code]}
              </option>
            ))}
          </select>
        </Field>
        {needsSchool && !(me.role === 'school-admin' && me.school) ? (
          <Field label={t('admin.users.school')} error={form.fieldErrors.schoolId}>
            <SchoolSelect schools={schools} value={schoolId} onChange={setSchoolChoice} testId="admin-user-school" />
          </Field>
        ) : null}
        <Field label={t('admin.users.password')} hint={t('admin.users.passwordHint')} error={form.fieldErrors.password}>
          <input
            type="text"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="new-password"
            spellCheck={false}
            className="password-input"
            data-testid="admin-user-password"
          />
        </Field>
      </div>
      <p>
        <button type="button" className="button button-secondary button-small" onClick={() => setPassword(generatePassword())} data-testid="admin-user-generate">
          {t('admin.users.generate')}
        </button>
      </p>
      {showClasses ? (
        <fieldset className="field">
          <legend>{t('admin.users.classes')}</legend>
          {schoolClasses.length === 0 ? (
            <p className="muted">{t('admin.users.noClasses')}</p>
          ) : (
            <div className="checkbox-list">
              {schoolClasses.map((schoolClass) => (
                <label key={schoolClass.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={classIds.includes(schoolClass.id)}
                    onChange={(event) => toggleClass(schoolClass.id, event.target.checked)}
                    data-testid="admin-user-class"
                    data-class-name={schoolClass.name}
                  />
                  {schoolClass.name} <span className="muted">({levelLabel(schoolClass.level)})</span>
                </label>
              ))}
            </div>
          )}
          {form.fieldErrors.classIds ? <span className="field-error">{form.fieldErrors.classIds}</span> : null}
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={form.busy} data-testid="admin-user-submit">
          {form.busy ? t('form.saving') : t('admin.users.create')}
        </button>
      </div>
    </form>
  );
}
