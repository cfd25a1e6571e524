// The model catalogue: every model of the installation with what an admin and a DPO need to know about it;
// the académie adds models (a GGUF file of the models folder, or a model of the inference servers),
// describes them, removes them and allows them per school; a school chooses its default and each class's
// model. With OpenAI-compatible servers, which server offers which model (from the admin status).
import { useState, type FormEvent } from 'react';
import type { ModelCatalogue, ModelFile, ModelView, SchoolModels } from '../../../shared/models.ts';
import { api, apiRequest, errorMessage } from '../../api/client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { SectionLoadError } from '../../components/SectionLoadError.tsx';
import { formatNumber, t } from '../../i18n/fr.ts';
import { useSession } from '../../session.ts';
import { useResource } from '../../useResource.ts';
import type { School } from './types.ts';
import { SchoolSelect } from './SchoolSelect.tsx';

const UNITS = ['o', 'Ko', 'Mo', 'Go', 'To'];

/** 4 294 967 296 → "4 Go" (powers of 1024, as memory is sold). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value)} ${UNITS[unit]}`;
}

/** 7 241 732 096 → "7,2 milliards". */
function formatParameters(count: number): string {
  const fr = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
  if (count >= 1e9) return `${fr.format(count / 1e9)} milliards`;
  if (count >= 1e6) return `${fr.format(count / 1e6)} millions`;
  return formatNumber(count);
}

/** One inference server as /api/admin/status describes it (OpenAI-compatible pool only). */
interface ServerOffer {
  url: string;
  state: 'unknown' | 'up' | 'down' | 'refused';
  models: string[];
}
interface PoolStatus {
  model: { servers?: { list?: ServerOffer[] } };
}

const SERVER_STATE = {
  up: 'admin.models.serverUp',
  down: 'admin.models.serverDown',
  unknown: 'admin.models.serverUnknown',
  refused: 'admin.models.serverRefused',
} as const;

/** Same matching as the server's routing: Ollama lists "llama3:latest" for "llama3". */
const offers = (server: ServerOffer, model: string) => server.models.some((id) => id === model || id === `${model}:latest`);

/** A request's outcome shown under its form. */
type Feedback = { kind: 'success' | 'error'; text: string } | null;

function useAction() {
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const run = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    setFeedback(null);
    try {
      const done = await work();
      if (done) setFeedback({ kind: 'success', text: done });
    } catch (caught) {
      setFeedback({ kind: 'error', text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  };
  const shown = feedback ? (
    <Alert kind={feedback.kind} testId={`models-feedback-${feedback.kind}`}>
      {feedback.text}
    </Alert>
  ) : null;
  return { busy, run, shown };
}

export function ModelsSection({ schools }: { schools: School[] }) {
  const { me } = useSession();
  const academie = me.role === 'academie-admin';
  const { resource, reload } = useResource<ModelCatalogue>('/api/models');
  const catalogue = resource.data;
  const pool = catalogue?.backend === 'openai-compatible';
  return (
    <section className="card admin-section" id="modeles" aria-labelledby="modeles-title">
      <h2 id="modeles-title">{t('admin.models.title')}</h2>
      <p className="muted">{t('admin.models.intro')}</p>
      {resource.status === 'loading' ? <p className="muted">{t('app.loading')}</p> : null}
      {resource.status === 'failed' ? <SectionLoadError message={resource.message} onRetry={() => void reload()} /> : null}
      {catalogue ? (
        <>
          {catalogue.constraint ? (
            <Alert kind="info" testId="models-constraint">
              {catalogue.constraint}
            </Alert>
          ) : null}
          {catalogue.models.length === 0 ? <p className="muted">{t('admin.models.empty')}</p> : null}
          {pool ? <Servers models={catalogue.models} /> : null}
          <ul className="settings-list">
            {catalogue.models.map((model) => (
              <li key={model.id}>
                <ModelCard model={model} editable={academie} onSaved={reload} />
              </li>
            ))}
          </ul>
          {academie ? (
            <>
              <AddFileForm onAdded={reload} />
              <AddBackendModelForm onAdded={reload} />
              <AllowedModels schools={schools} models={catalogue.models} onSaved={reload} />
            </>
          ) : null}
        </>
      ) : null}
      <ClassChoices schools={schools} fixedSchoolId={me.school?.id} />
    </section>
  );
}

function ModelCard({ model, editable, onSaved }: { model: ModelView; editable: boolean; onSaved: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const unknown = t('admin.models.unknown');
  const rows: [string, string][] = [
    [model.kind === 'gguf' ? t('admin.models.file') : t('admin.models.backendName'), model.locator || t('admin.models.serverDefault')],
    [t('admin.models.licence'), model.licence ?? unknown],
    [t('admin.models.origin'), model.origin ?? unknown],
    [t('admin.models.languages'), model.languages.length > 0 ? model.languages.join(', ') : unknown],
    [t('admin.models.contextSize'), model.contextSize === null ? unknown : t('admin.status.tokens', { count: formatNumber(model.contextSize) })],
    [t('admin.models.parameters'), model.parameters === null ? unknown : formatParameters(model.parameters)],
    [t('admin.models.quantisation'), model.quantisation ?? unknown],
    ...(model.estimatedMemoryBytes === null ? [] : [[t('admin.models.memory'), memoryText(model.estimatedMemoryBytes, model.memoryEstimate)] as [string, string]]),
    [t('admin.models.runsOn'), model.runsOn],
  ];
  return (
    <article className="status-item model-card" data-testid="model-card" data-model={model.id}>
      <div className="section-head">
        <h3 data-testid="model-name">{model.name}</h3>
        <p>
          {model.isDefault ? <span className="badge">{t('admin.models.default')}</span> : null}{' '}
          <span className={model.usable ? 'badge badge-success' : 'badge badge-warning'} data-testid="model-usable">
            {model.usable ? t('admin.models.usable') : t('admin.models.unusable')}
          </span>
        </p>
      </div>
      {model.unusableReason ? <p className="muted" data-testid="model-unusable-reason">{model.unusableReason}</p> : null}
      <dl className="status-list">
        {rows.map(([label, value]) => (
          <div key={label} className="model-field">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {editable && !editing ? (
        <button type="button" className="button button-secondary button-small" onClick={() => setEditing(true)} data-testid="model-edit">
          {t('admin.models.edit')}
        </button>
      ) : null}
      {editable && !editing && !model.isDefault ? <RemoveModel model={model} onRemoved={onSaved} /> : null}
      {editing ? (
        <EditModelForm
          model={model}
          onDone={async (saved) => {
            setEditing(false);
            if (saved) await onSaved();
          }}
        />
      ) : null}
    </article>
  );
}

function memoryText(bytes: number, estimate: ModelView['memoryEstimate']): string {
  const size = formatBytes(bytes);
  if (!estimate) return t('admin.models.memoryValue', { size });
  return t('admin.models.memoryParallel', { size, sequences: formatNumber(estimate.sequences), tokens: formatNumber(estimate.contextTokens) });
}

/** "Retirer du catalogue", confirmed in place; the server refuses (and says why) while a school or class uses it. */
function RemoveModel({ model, onRemoved }: { model: ModelView; onRemoved: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const remove = () =>
    void action.run(async () => {
      await apiRequest<void>(`/api/models/${encodeURIComponent(model.id)}`, { method: 'DELETE' });
      await onRemoved();
      return t('admin.models.removed', { name: model.name });
    });
  return (
    <div className="setting-actions">
      {confirming ? (
        <>
          <p>{t('admin.models.removeConfirm', { name: model.name })}</p>
          <button type="button" className="button button-small" disabled={action.busy} onClick={remove} data-testid="model-remove-confirm">
            {t('admin.models.removeYes')}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(false)}>
            {t('admin.models.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(true)} data-testid="model-remove">
          {t('admin.models.remove')}
        </button>
      )}
      {action.shown}
    </div>
  );
}

/** Each inference server, its state and the models it lists; and for each catalogue model, who offers it. */
function Servers({ models }: { models: ModelView[] }) {
  const { resource } = useResource<PoolStatus>('/api/admin/status');
  const servers = resource.data?.model.servers?.list;
  if (!servers) return null;
  const served = models.filter((m) => m.kind === 'openai' && m.locator !== '');
  return (
    <div className="admin-form" data-testid="models-servers">
      <h3>{t('admin.models.serversTitle')}</h3>
      <p className="muted">{t('admin.models.serversIntro')}</p>
      <ul className="settings-list">
        {servers.map((server) => (
          <li key={server.url} data-testid="models-server" data-state={server.state}>
            <code>{server.url}</code> — {t(SERVER_STATE[server.state])} : {server.models.length > 0 ? server.models.join(', ') : t('admin.models.serverNoModels')}
          </li>
        ))}
      </ul>
      {served.length > 0 ? (
        <dl className="status-list">
          {served.map((model) => {
            const offering = servers.filter((server) => server.state === 'up' && offers(server, model.locator));
            return (
              <div key={model.id} className="model-field" data-testid="models-served-by" data-model={model.id}>
                <dt>
                  {t('admin.models.servedBy')} {model.name}
                </dt>
                <dd>{offering.length > 0 ? offering.map((server) => server.url).join(', ') : t('admin.models.servedByNone')}</dd>
              </div>
            );
          })}
        </dl>
      ) : null}
    </div>
  );
}

const splitLanguages = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((code) => code.trim())
    .filter(Boolean);

const optionalNumber = (text: string) => (text.trim() === '' ? null : Number(text.replace(/\s/g, '')));

function EditModelForm({ model, onDone }: { model: ModelView; onDone: (saved: boolean) => Promise<void> }) {
  const [fields, setFields] = useState({
    name: model.name,
    licence: model.licence ?? '',
    origin: model.origin ?? '',
    languages: model.languages.join(', '),
    contextSize: model.contextSize?.toString() ?? '',
    parameters: model.parameters?.toString() ?? '',
    quantisation: model.quantisation ?? '',
  });
  const action = useAction();
  const set = (key: keyof typeof fields) => (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void action.run(async () => {
      await api.patch<ModelView>(`/api/models/${model.id}`, {
        name: fields.name,
        licence: fields.licence || null,
        origin: fields.origin || null,
        languages: splitLanguages(fields.languages),
        contextSize: optionalNumber(fields.contextSize),
        parameters: optionalNumber(fields.parameters),
        quantisation: fields.quantisation || null,
      });
      await onDone(true);
      return undefined;
    });
  };

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate data-testid="model-edit-form">
      <h4>{t('admin.models.editTitle', { name: model.name })}</h4>
      <Field label={t('admin.models.name')}>
        <input type="text" value={fields.name} onChange={set('name')} data-testid="model-edit-name" />
      </Field>
      <Field label={t('admin.models.licence')} optional>
        <input type="text" value={fields.licence} onChange={set('licence')} data-testid="model-edit-licence" />
      </Field>
      <Field label={t('admin.models.origin')} optional>
        <input type="text" value={fields.origin} onChange={set('origin')} data-testid="model-edit-origin" />
      </Field>
      <Field label={t('admin.models.languages')} hint={t('admin.models.languagesHint')} optional>
        <input type="text" value={fields.languages} onChange={set('languages')} data-testid="model-edit-languages" />
      </Field>
      <Field label={t('admin.models.contextSize')} optional>
        <input type="text" inputMode="numeric" value={fields.contextSize} onChange={set('contextSize')} data-testid="model-edit-context" />
      </Field>
      <Field label={t('admin.models.parameters')} optional>
        <input type="text" inputMode="numeric" value={fields.parameters} onChange={set('parameters')} data-testid="model-edit-parameters" />
      </Field>
      <Field label={t('admin.models.quantisation')} optional>
        <input type="text" value={fields.quantisation} onChange={set('quantisation')} data-testid="model-edit-quantisation" />
      </Field>
      {action.shown}
      <div className="setting-actions">
        <button type="submit" className="button button-small" disabled={action.busy} data-testid="model-edit-save">
          {action.busy ? t('form.saving') : t('admin.models.save')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => void onDone(false)}>
          {t('admin.models.cancel')}
        </button>
      </div>
    </form>
  );
}

function AddFileForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const files = useResource<ModelFile[]>('/api/models/files');
  const [file, setFile] = useState('');
  const action = useAction();
  const candidates = (files.resource.data ?? []).filter((f) => !f.registered);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.post<ModelView>('/api/models', { kind: 'gguf', file });
      setFile('');
      await Promise.all([onAdded(), files.reload()]);
      return t('admin.models.added', { name: created.name });
    });
  };

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate data-testid="models-add-file">
      <h3>{t('admin.models.addFile')}</h3>
      <p className="muted">{t('admin.models.addFileHint')}</p>
      {files.resource.status === 'failed' ? <SectionLoadError message={files.resource.message} onRetry={() => void files.reload()} /> : null}
      {files.resource.status === 'ready' && candidates.length === 0 ? <p className="muted">{t('admin.models.noFiles')}</p> : null}
      {candidates.length > 0 ? (
        <>
          <Field label={t('admin.models.file')}>
            <select value={file} onChange={(event) => setFile(event.target.value)} data-testid="models-file-select">
              <option value="">{t('admin.models.chooseFile')}</option>
              {candidates.map((f) => (
                <option key={f.file} value={f.file}>
                  {f.file} ({formatBytes(f.bytes)})
                </option>
              ))}
            </select>
          </Field>
          <div>
            <button type="submit" className="button button-small" disabled={action.busy || file === ''} data-testid="models-file-submit">
              {t('admin.models.addFileSubmit')}
            </button>
          </div>
        </>
      ) : null}
      {action.shown}
    </form>
  );
}

function AddBackendModelForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const [modelName, setModelName] = useState('');
  const [name, setName] = useState('');
  const [licence, setLicence] = useState('');
  const action = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.post<ModelView>('/api/models', { kind: 'openai', modelName, name: name || modelName, ...(licence ? { licence } : {}) });
      setModelName('');
      setName('');
      setLicence('');
      await onAdded();
      return t('admin.models.added', { name: created.name });
    });
  };

  return (
    <form className="admin-form" onSubmit={onSubmit} noValidate data-testid="models-add-backend">
      <h3>{t('admin.models.addBackend')}</h3>
      <Field label={t('admin.models.backendName')}>
        <input type="text" value={modelName} onChange={(event) => setModelName(event.target.value)} spellCheck={false} data-testid="models-backend-name" />
      </Field>
      <Field label={t('admin.models.name')} optional>
        <input type="text" value={name} onChange={(event) => setName(event.target.value)} data-testid="models-backend-label" />
      </Field>
      <Field label={t('admin.models.licence')} optional>
        <input type="text" value={licence} onChange={(event) => setLicence(event.target.value)} data-testid="models-backend-licence" />
      </Field>
      {action.shown}
      <div>
        <button type="submit" className="button button-small" disabled={action.busy || modelName.trim() === ''} data-testid="models-backend-submit">
          {t('admin.models.addBackendSubmit')}
        </button>
      </div>
    </form>
  );
}

/** The académie's table: a row per school, a box per model other than the configured one. */
function AllowedModels({ schools, models, onSaved }: { schools: School[]; models: ModelView[]; onSaved: () => Promise<void> }) {
  const others = models.filter((m) => !m.isDefault);
  return (
    <div className="admin-form" data-testid="models-allowed">
      <h3>{t('admin.models.allowedTitle')}</h3>
      <p className="muted">{t('admin.models.allowedIntro')}</p>
      {others.length === 0 ? (
        <p className="muted">{t('admin.models.noOtherModels')}</p>
      ) : (
        <ul className="settings-list">
          {schools.map((school) => (
            <li key={school.id}>
              <AllowedRow school={school} models={others} onSaved={onSaved} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AllowedRow({ school, models, onSaved }: { school: School; models: ModelView[]; onSaved: () => Promise<void> }) {
  const initial = models.filter((m) => m.allowedSchoolIds?.includes(school.id)).map((m) => m.id);
  const [chosen, setChosen] = useState<string[]>(initial);
  const action = useAction();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void action.run(async () => {
      await api.put<SchoolModels>(`/api/schools/${school.id}/models/allowed`, { modelIds: chosen });
      await onSaved();
      return t('admin.settings.saved');
    });
  };
  return (
    <form className="setting-row" onSubmit={onSubmit} noValidate data-testid="models-allowed-row" data-school={school.id}>
      <fieldset>
        <legend>
          {school.name} ({school.uai})
        </legend>
        <div className="checkbox-list">
          {models.map((model) => (
            <label key={model.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(model.id)}
              onChange={(event) => setChosen(event.target.checked ? [...chosen, model.id] : chosen.filter((id) => id !== model.id))}
              data-testid="models-allowed-box"
              data-model={model.id}
            />{' '}
              {model.name}
            </label>
          ))}
        </div>
      </fieldset>
      {action.shown}
      <div className="setting-actions">
        <button type="submit" className="button button-small" disabled={action.busy} data-testid="models-allowed-save">
          {t('admin.models.save')}
        </button>
      </div>
    </form>
  );
}

/** The school's default and each class's model, among the models the school may use. */
function ClassChoices({ schools, fixedSchoolId }: { schools: School[]; fixedSchoolId: string | undefined }) {
  const [picked, setPicked] = useState('');
  const schoolId = fixedSchoolId ?? (picked || (schools.length === 1 ? schools[0]!.id : ''));
  return (
    <div className="admin-form" data-testid="models-choices">
      <h3>{t('admin.models.choiceTitle')}</h3>
      {fixedSchoolId === undefined ? (
        <Field label={t('admin.settings.school')}>
          <SchoolSelect schools={schools} value={schoolId} onChange={setPicked} testId="models-school" />
        </Field>
      ) : null}
      {schoolId ? <SchoolChoices key={schoolId} schoolId={schoolId} /> : <p className="muted">{t('admin.models.chooseSchool')}</p>}
    </div>
  );
}

function SchoolChoices({ schoolId }: { schoolId: string }) {
  const { resource, reload } = useResource<SchoolModels>(`/api/schools/${schoolId}/models`);
  const [state, setState] = useState<SchoolModels | undefined>(undefined);
  const action = useAction();
  const current = state ?? resource.data;
  if (resource.status === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (resource.status === 'failed') return <SectionLoadError message={resource.message} onRetry={() => void reload()} />;
  if (!current) return null;
  const usable = current.allowed.filter((m) => m.usable);
  const nameOf = (id: string | null) => (id === null ? t('admin.models.noneUsable') : (current.allowed.find((m) => m.id === id)?.name ?? t('admin.models.noneUsable')));

  const choose = (url: string, modelId: string) =>
    void action.run(async () => {
      setState(await api.put<SchoolModels>(url, { modelId: modelId === '' ? null : modelId }));
      return t('admin.settings.saved');
    });

  return (
    <>
      <Field label={t('admin.models.schoolDefault')}>
        <select value={current.schoolChoice ?? ''} onChange={(event) => choose(`/api/schools/${schoolId}/model`, event.target.value)} disabled={action.busy} data-testid="models-school-default">
          <option value="">{t('admin.models.installationDefault')}</option>
          {usable.map((model) => (
            <option key={model.id} value={model.id}>
              {model.name}
            </option>
          ))}
        </select>
      </Field>
      {current.classes.length === 0 ? <p className="muted">{t('admin.models.noClasses')}</p> : null}
      {current.classes.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="models-classes">
            <thead>
              <tr>
                <th scope="col">{t('admin.classes.name')}</th>
                <th scope="col">{t('admin.models.title')}</th>
              </tr>
            </thead>
            <tbody>
              {current.classes.map((klass) => (
                <tr key={klass.id} data-testid="models-class-row" data-class={klass.id}>
                  <td>{klass.name}</td>
                  <td>
                    <select
                      aria-label={`${t('admin.models.title')} — ${klass.name}`}
                      value={klass.modelId ?? ''}
                      onChange={(event) => choose(`/api/classes/${klass.id}/model`, event.target.value)}
                      disabled={action.busy}
                      data-testid="models-class-select"
                    >
                      <option value="">{t('admin.models.classDefault')}</option>
                      {usable.map((model) => (
                        <option key={model.id} value={model.id}>
                          {model.name}
                        </option>
                      ))}
                    </select>{' '}
                    <span className="muted" data-testid="models-class-effective">
                      {t('admin.models.inUse', { name: nameOf(klass.effectiveModelId) })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {action.shown}
    </>
  );
}
