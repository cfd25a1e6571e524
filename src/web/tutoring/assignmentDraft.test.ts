import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentView } from '../../shared/api.ts';
import { assignmentPhase, changedFields, checkDraft, draftOf, newDraft, type AssignmentDraft } from './assignmentDraft.ts';

const originalZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Paris';
});
afterAll(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

const CLASS_A = '11111111-1111-4111-8111-111111111111';
const CLASS_B = '22222222-2222-4222-8222-222222222222';

const valid: AssignmentDraft = {
  title: '  Fractions  ',
  subject: 'mathematiques',
  statement: 'Calcule 1/2 + 1/3.',
  expectedAnswer: ' 5/6 ',
  modes: ['verification', 'guidage'],
  classIds: [CLASS_A],
  opensAt: '2026-03-02T08:00',
  closesAt: '2026-03-09T18:00',
};

const view: AssignmentView = {
  id: 'a1',
  title: 'Fractions',
  subject: 'mathematiques',
  statement: 'Calcule 1/2 + 1/3.',
  expectedAnswer: '5/6',
  modes: ['guidage', 'verification'],
  classIds: [CLASS_A],
  opensAt: Date.UTC(2026, 2, 2, 7, 0, 0),
  closesAt: Date.UTC(2026, 2, 9, 17, 0, 42), // seconds the datetime-local input cannot show
  tutorEnabled: true,
  teacherId: 't1',
};

describe('newDraft', () => {
  it('opens now (to the minute) until next week 18:00, in Guidage, with the only class chosen', () => {
    const draft = newDraft(Date.UTC(2026, 2, 2, 9, 41, 27), [CLASS_A]);
    expect(draft).toMatchObject({ modes: ['guidage'], classIds: [CLASS_A], opensAt: '2026-03-02T10:41', closesAt: '2026-03-09T18:00' });
    expect(newDraft(Date.UTC(2026, 2, 2, 9, 41), [CLASS_A, CLASS_B]).classIds).toEqual([]);
  });
});

describe('checkDraft', () => {
  it('turns a valid draft into the API payload: trimmed texts, modes in the usual order, epoch ms', () => {
    expect(checkDraft(valid)).toEqual({
      ok: true,
      payload: {
        title: 'Fractions',
        subject: 'mathematiques',
        statement: 'Calcule 1/2 + 1/3.',
        expectedAnswer: '5/6',
        modes: ['guidage', 'verification'],
        classIds: [CLASS_A],
        opensAt: Date.UTC(2026, 2, 2, 7, 0),
        closesAt: Date.UTC(2026, 2, 9, 17, 0),
      },
    });
  });

  it('reports every missing field at once, in French', () => {
    const result = checkDraft({ ...valid, title: ' ', subject: '', statement: '', modes: [], classIds: [], opensAt: '', closesAt: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      title: 'Ce champ est obligatoire.',
      subject: 'Ce champ est obligatoire.',
      statement: 'Ce champ est obligatoire.',
      modes: 'Choisissez au moins un mode.',
      classIds: 'Choisissez au moins une classe.',
      opensAt: 'Date invalide.',
      closesAt: 'Date invalide.',
    });
  });

  it('refuses a closing date that does not follow the opening, and texts over the API limits', () => {
    const same = checkDraft({ ...valid, closesAt: valid.opensAt });
    expect(same.ok ? null : same.errors.closesAt).toBe('La date de fermeture doit suivre la date d’ouverture.');
    const long = checkDraft({ ...valid, title: 'x'.repeat(201), expectedAnswer: 'y'.repeat(2001) });
    expect(long.ok ? null : long.errors).toEqual({ title: '200 caractères au maximum.', expectedAnswer: '2000 caractères au maximum.' });
  });
});

describe('changedFields', () => {
  it('sends nothing when the teacher changed nothing, even though the input dropped the seconds', () => {
    const draft = draftOf(view);
    const result = checkDraft(draft);
    expect(result.ok).toBe(true);
    if (result.ok) expect(changedFields(view, result.payload)).toEqual({});
  });

  it('sends only what changed; an emptied expected answer is sent as empty text to clear it', () => {
    const result = checkDraft({ ...draftOf(view), title: 'Fractions (suite)', expectedAnswer: '', modes: ['guidage'], closesAt: '2026-03-10T18:00' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(changedFields(view, result.payload)).toEqual({
      title: 'Fractions (suite)',
      expectedAnswer: '',
      modes: ['guidage'],
      closesAt: Date.UTC(2026, 2, 10, 17, 0),
    });
  });

  it('leaves the classes out unless their set changed', () => {
    const reordered = checkDraft({ ...draftOf({ ...view, classIds: [CLASS_A, CLASS_B] }), classIds: [CLASS_B, CLASS_A] });
    if (reordered.ok) expect(changedFields({ ...view, classIds: [CLASS_A, CLASS_B] }, reordered.payload)).toEqual({});
    const added = checkDraft({ ...draftOf(view), classIds: [CLASS_A, CLASS_B] });
    if (added.ok) expect(changedFields(view, added.payload)).toEqual({ classIds: [CLASS_A, CLASS_B] });
    expect(reordered.ok && added.ok).toBe(true);
  });
});

describe('assignmentPhase', () => {
  it('is open from the opening (included) to the closing (excluded)', () => {
    const a = { opensAt: 100, closesAt: 200 };
    expect(assignmentPhase(a, 99)).toBe('upcoming');
    expect(assignmentPhase(a, 100)).toBe('open');
    expect(assignmentPhase(a, 199)).toBe('open');
    expect(assignmentPhase(a, 200)).toBe('closed');
  });
});
