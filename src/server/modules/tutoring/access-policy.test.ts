// The framework's rules, case by case, with French reasons.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../settings/settings.definitions.ts';
import { decideAccess, type AccessContext } from './access-policy.ts';

// Tuesday 3 November 2026, 17:30 in Paris (UTC+1 in winter).
const TUESDAY_EVENING = Date.UTC(2026, 10, 3, 16, 30);
const TUESDAY_MORNING = Date.UTC(2026, 10, 3, 8, 0);
const defaults = resolveSettings(new Map());
const assignment = { opensAt: TUESDAY_EVENING - 86_400_000, closesAt: TUESDAY_EVENING + 86_400_000, tutorEnabled: true };

const ctx = (overrides: Partial<AccessContext>): AccessContext => ({
  now: TUESDAY_EVENING,
  level: '2nde',
  settings: defaults,
  classTutorEnabled: true,
  liveSessionActive: false,
  assignment,
  ...overrides,
});

describe('decideAccess', () => {
  it('lets a lycée pupil work on an open assignment during opening hours', () => {
    expect(decideAccess(ctx({}))).toEqual({ allowed: true });
  });

  it('refuses 6e and 5e pupils, even in a live session', () => {
    for (const level of ['6e', '5e'] as const) {
      const decision = decideAccess(ctx({ level, liveSessionActive: true }));
      expect(decision).toMatchObject({ allowed: false, code: 'level_not_allowed' });
    }
  });

  it('allows 4e and 3e pupils only inside a live session, at any hour', () => {
    expect(decideAccess(ctx({ level: '3e' }))).toMatchObject({ allowed: false, code: 'live_session_required' });
    expect(decideAccess(ctx({ level: '3e', liveSessionActive: true, now: TUESDAY_MORNING }))).toEqual({ allowed: true });
  });

  it('says when the tutor opens next outside the opening hours', () => {
    const decision = decideAccess(ctx({ now: TUESDAY_MORNING }));
    expect(decision).toMatchObject({ allowed: false, code: 'outside_hours' });
    expect((decision as { message: string }).message).toContain('aujourd’hui à 16:00');
  });

  it('is closed during the holidays the school entered, and says when it reopens', () => {
    const settings = resolveSettings(new Map([['holidays', '2026-11-01..2026-11-04']]));
    const decision = decideAccess(ctx({ settings }));
    expect(decision).toMatchObject({ allowed: false, code: 'holiday' });
    expect((decision as { message: string }).message).toContain('jeudi 5 novembre à 16:00');
  });

  it('refuses questions outside an assignment unless the school allows them for the level', () => {
    expect(decideAccess(ctx({ assignment: null }))).toMatchObject({ allowed: false, code: 'free_questions_off' });
    const settings = resolveSettings(new Map([['free-questions', '2nde,1re,terminale']]));
    expect(decideAccess(ctx({ assignment: null, settings }))).toEqual({ allowed: true });
  });

  it('follows the teachers’ switches and the assignment dates', () => {
    expect(decideAccess(ctx({ classTutorEnabled: false }))).toMatchObject({ code: 'tutor_off_class' });
    expect(decideAccess(ctx({ assignment: { ...assignment, tutorEnabled: false } }))).toMatchObject({ code: 'tutor_off_assignment' });
    expect(decideAccess(ctx({ assignment: { ...assignment, opensAt: TUESDAY_EVENING + 1000 } }))).toMatchObject({ code: 'assignment_not_open' });
    expect(decideAccess(ctx({ assignment: { ...assignment, closesAt: TUESDAY_EVENING } }))).toMatchObject({ code: 'assignment_closed' });
  });

  it('refuses a pupil without a class', () => {
    expect(decideAccess(ctx({ level: null }))).toMatchObject({ code: 'no_class' });
  });
});
