// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerification, GdprSettings, RightsRequest } from '../../gdpr/api.ts';
import { json, me, mount, on, type ApiCall } from '../../testing/harness.tsx';
import { AuditSection } from './AuditSection.tsx';
import { GdprPage, gdprCapabilities } from './GdprPage.tsx';
import { GdprSettingsSection, settingsChanges } from './GdprSettingsSection.tsx';
import { daysLeft, RequestsSection, sortRequests } from './RequestsSection.tsx';

const DAY = 24 * 60 * 60 * 1000;
const dpo = me({ id: 'd1', login: 'dpd.roux', displayName: 'Hélène Roux', role: 'dpo' });

const entry = (seq: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  seq,
  at: Date.UTC(2026, 10, 20, 10, seq),
  actor: { id: 'u1', login: 'm.petit', name: 'Marc Petit', role: 'teacher', roleLabel: 'Enseignant·e' },
  action: 'login.success',
  actionLabel: 'Connexion',
  target: null,
  subjectId: null,
  details: {},
  ...over,
});

const intact: AuditVerification = { ok: true, checkedEntries: 120, firstSeq: 1, lastSeq: 120, seals: { total: 3, valid: 3, lastSealedSeq: 118, lastSealAt: Date.UTC(2026, 10, 20, 11) }, problems: [] };

let page: ReturnType<typeof mount>;
beforeEach(() => {
  page = mount();
});
afterEach(() => page.unmount());

describe('gdprCapabilities', () => {
  it('opens to each role what the API allows it', () => {
    expect(gdprCapabilities('dpo')).toEqual({ sections: ['registre', 'aipd', 'notice', 'journal', 'demandes', 'reglages'], editSettings: false });
    expect(gdprCapabilities('school-admin').sections).not.toContain('journal');
    expect(gdprCapabilities('school-admin').editSettings).toBe(true);
    expect(gdprCapabilities('academie-admin').sections).not.toContain('demandes');
    expect(gdprCapabilities('pupil').sections).toEqual([]);
  });
});

describe('AuditSection', () => {
  it('shows the verification, a staff access with its reason, filters by event and loads older pages', async () => {
    const access = entry(41, {
      action: 'conversation.accessed',
      actionLabel: 'Consultation d’une conversation',
      target: { type: 'conversation', id: '72715b5e-0000-4000-8000-000000000000' },
      subjectId: 'p1',
      details: { reasonCode: 'pedagogical_follow_up', reasonText: 'Conseil de classe' },
    });
    page.answer(
      on('GET', '/api/audit/verify', () => json(intact)),
      on('GET', '/api/audit?limit=50', () => json({ entries: [entry(42, { actor: { id: null, login: null, name: null, role: 'cli', roleLabel: 'Administrateur du serveur' }, details: { key: 'quota-day' } }), access], nextBefore: 41 })),
      on('GET', '/api/audit?limit=50&before=41', () => json({ entries: [entry(40)], nextBefore: null })),
      on('GET', '/api/audit?limit=50&action=conversation.accessed', () => json({ entries: [access], nextBefore: null })),
    );
    await page.render(<AuditSection schoolId={null} />, dpo);
    const verify = page.one('audit-verify');
    expect(verify.dataset.ok).toBe('true');
    expect(verify.textContent).toContain('Journal intègre');
    expect(verify.textContent).toContain('120 entrées vérifiées');
    expect(verify.textContent).toContain('3 sur 3');

    const rows = page.all('audit-row');
    expect(rows.map((row) => row.dataset.action)).toEqual(['login.success', 'conversation.accessed']);
    // Nobody's name: the role says who, once.
    expect(rows[0]!.textContent?.match(/Administrateur du serveur/g)).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('key = quota-day');
    expect(rows[1]!.querySelector('[data-testid="audit-reason"]')?.textContent).toBe('Motif : Suivi pédagogique — « Conseil de classe »');
    expect(rows[1]!.textContent).toContain('Objet : conversation');

    await page.click(page.one('audit-more'));
    expect(page.all('audit-row').map((row) => row.querySelector('.audit-seq')?.textContent)).toEqual(['42', '41', '40']);
    expect(page.has('audit-more')).toBe(false);

    page.type(page.one('audit-filter'), 'conversation.accessed');
    await page.settle();
    expect(page.all('audit-row')).toHaveLength(1);
  });

  it('names each problem of an altered log and says what to do', async () => {
    page.answer(
      on('GET', '/api/audit/verify', () =>
        json({ ...intact, ok: false, problems: [{ seq: 12, kind: 'altered', message: 'L’entrée n° 12 a été modifiée : son empreinte ne correspond plus à son contenu.' }] }),
      ),
      on('GET', '/api/audit?limit=50', () => json({ entries: [], nextBefore: null })),
    );
    await page.render(<AuditSection schoolId={null} />, dpo);
    const verify = page.one('audit-verify');
    expect(verify.dataset.ok).toBe('false');
    expect(verify.getAttribute('role')).toBe('alert');
    expect(verify.textContent).toContain('Journal ALTÉRÉ');
    expect(verify.textContent).toContain('L’entrée n° 12 a été modifiée');
    expect(verify.textContent).toContain('violation de données potentielle');
    expect(page.one('audit-empty').textContent).toBe('Aucune entrée.');
  });
});

const request = (over: Partial<RightsRequest>): RightsRequest => ({
  id: 'r1',
  kind: 'erasure',
  kindLabel: 'Effacement (art. 17)',
  state: 'received',
  stateLabel: 'Reçue',
  receivedAt: Date.UTC(2026, 10, 1),
  dueAt: Date.now() + 10 * DAY,
  overdue: false,
  details: 'Je quitte le lycée.',
  decidedAt: null,
  decisionReason: null,
  pupil: { id: 'p1', login: 'lea.martin', name: 'Léa Martin' },
  ...over,
});

describe('RequestsSection', () => {
  it('orders open requests by deadline, then decided ones', () => {
    const sorted = sortRequests([
      request({ id: 'done', state: 'granted', decidedAt: 5 }),
      request({ id: 'later', dueAt: 300 }),
      request({ id: 'sooner', dueAt: 100 }),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['sooner', 'later', 'done']);
  });

  it('counts the days left to the legal deadline', () => {
    expect(daysLeft(10 * DAY, 0)).toBe('dans 10 jours');
    expect(daysLeft(10 * DAY - 1000, 0)).toBe('dans 10 jours');
    expect(daysLeft(DAY / 2, 0)).toBe('dans 1 jour');
  });

  it('shows the deadline and the effect of granting an erasure, requires a reason, then records the decision', async () => {
    let decided: ApiCall | undefined;
    page.answer(
      on('GET', '/api/gdpr/requests', () => json({ requests: [request({}), request({ id: 'late', kind: 'access', kindLabel: 'Accès (art. 15)', overdue: true, dueAt: Date.now() - DAY })] })),
      on('POST', '/api/gdpr/requests/r1/decision', (call) => {
        decided = call;
        return json(request({ state: 'granted', stateLabel: 'Acceptée', decidedAt: Date.now(), decisionReason: 'Départ confirmé.' }));
      }),
    );
    await page.render(<RequestsSection />, dpo);
    const [second, first] = page.all('request-item');
    expect([second!.dataset.requestId, first!.dataset.requestId]).toEqual(['late', 'r1']);
    expect(first!.textContent).toContain('Léa Martin (lea.martin)');
    expect(first!.querySelector('[data-testid="request-due"]')?.textContent).toMatch(/dans (9|10) jours/);
    expect(second!.dataset.overdue).toBe('true');
    expect(second!.textContent).toContain('En retard');

    const form = first!.querySelector<HTMLElement>('[data-testid="request-decide-form"]')!;
    await page.click(form.querySelector<HTMLElement>('[data-testid="request-grant"]')!);
    expect(first!.querySelector('[data-testid="request-effect"]')?.textContent).toContain('détruit définitivement');
    await page.submit(form);
    expect(decided).toBeUndefined();
    expect(form.textContent).toContain('Indiquez la raison en quelques mots.');

    page.type(form.querySelector<HTMLElement>('[data-testid="request-reason"]')!, 'Départ confirmé.');
    await page.submit(form);
    expect(decided?.body).toEqual({ decision: 'granted', reason: 'Départ confirmé.' });
  });
});

describe('GDPR settings', () => {
  const saved: GdprSettings = { conversationDays: null, auditMonths: 12, leftPupilMonths: 3, alertMonths: 12, headName: null, schoolAddress: null, dpoName: 'A. Roux', dpoEmail: null, dpoPhone: null, dpoAddress: null };
  const draft = { conversationDays: '', auditMonths: '12', leftPupilMonths: '3', alertMonths: '12', headName: '', schoolAddress: '', dpoName: 'A. Roux', dpoEmail: '', dpoPhone: '', dpoAddress: '' };

  it('sends only what changed, an emptied field going back to its default', () => {
    expect(settingsChanges(saved, draft)).toEqual({ changes: {} });
    expect(settingsChanges(saved, { ...draft, conversationDays: ' 30 ', dpoName: '', dpoEmail: 'dpd@ac-exemple.fr' })).toEqual({
      changes: { conversationDays: 30, dpoName: null, dpoEmail: 'dpd@ac-exemple.fr' },
    });
    expect(settingsChanges({ ...saved, conversationDays: 30 }, draft)).toEqual({ changes: { conversationDays: null } });
    expect(settingsChanges(saved, { ...draft, auditMonths: '', leftPupilMonths: '2,5' })).toEqual({
      errors: { auditMonths: 'Indiquez un nombre entier.', leftPupilMonths: 'Indiquez un nombre entier.' },
    });
  });

  it('lets the head save and shows the server’s French message beside the field; the DPO only reads', async () => {
    const puts: ApiCall[] = [];
    page.answer(
      on('GET', '/api/gdpr/settings', () => json(saved)),
      on('PUT', '/api/gdpr/settings', (call) => {
        puts.push(call);
        return json({ code: 'invalid_input', message: 'Données invalides.', issues: [{ path: 'auditMonths', message: 'Au moins 6 mois (recommandation de la CNIL).' }] }, 400);
      }),
    );
    await page.render(<GdprSettingsSection schoolId={null} editable />, me({ role: 'school-admin' }));
    page.type(page.one('gdpr-setting-auditMonths'), '3');
    await page.submit(page.one('gdpr-settings-form'));
    expect(puts.map((call) => call.body)).toEqual([{ auditMonths: 3 }]);
    expect(page.container.querySelector('.field-error')?.textContent).toBe('Au moins 6 mois (recommandation de la CNIL).');
    page.unmount();

    page = mount();
    page.answer(on('GET', '/api/gdpr/settings', () => json(saved)));
    await page.render(<GdprSettingsSection schoolId={null} editable={false} />, dpo);
    expect(page.has('gdpr-settings-readonly')).toBe(true);
    expect(page.has('gdpr-settings-save')).toBe(false);
    expect((page.one('gdpr-setting-dpoName') as HTMLInputElement).readOnly).toBe(true);
  });
});

describe('GdprPage', () => {
  it('shows the generated register with its downloads, for the académie on the school it picks', async () => {
    page.answer(
      on('GET', '/api/schools', () => json([{ id: 's2', uai: '0751234B', name: 'Collège Voltaire' }])),
      on('GET', '/api/gdpr/register?school=s2', () => json({ kind: 'register', title: 'Registre', version: 'abcdef012345', markdown: '# Registre\n\n<script>alert(1)</script> Finalité' })),
    );
    await page.render(<GdprPage section="registre" />, me({ role: 'academie-admin', school: null }));
    expect(page.has('gdpr-register')).toBe(false);
    page.type(page.one('gdpr-school'), 's2');
    await page.settle();
    const document = page.one('gdpr-register');
    expect(document.textContent).toContain('Finalité');
    expect(document.querySelector('script')).toBeNull();
    expect(page.one('gdpr-register-pdf').getAttribute('href')).toBe('/api/gdpr/register?school=s2&format=pdf');
    expect(page.one('gdpr-register-md').getAttribute('href')).toBe('/api/gdpr/register?school=s2&format=md');
    expect(page.has('gdpr-tab-demandes')).toBe(false);
  });
});
