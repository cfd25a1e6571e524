import { describe, expect, it } from 'vitest';
import type { TutorStatus } from '../../shared/api.ts';
import { isRefusal, quotaMessage, visibleRefusal } from './status.ts';

const quota = (dayUsed: number, dayLimit: number, weekUsed: number, weekLimit: number): TutorStatus['quota'] => ({
  day: { used: dayUsed, limit: dayLimit },
  week: { used: weekUsed, limit: weekLimit },
});

const status = (access: TutorStatus['access']): TutorStatus => ({ quota: quota(0, 40, 0, 150), liveSession: null, freeQuestions: false, access });

describe('quotaMessage', () => {
  it('says how many messages are left today', () => {
    expect(quotaMessage(quota(3, 40, 10, 150))).toBe('Il te reste 37 messages aujourd’hui');
    expect(quotaMessage(quota(39, 40, 39, 150))).toBe('Il te reste 1 message aujourd’hui');
  });

  it('speaks of the week when the week leaves fewer messages than the day', () => {
    expect(quotaMessage(quota(0, 40, 140, 150))).toBe('Il te reste 10 messages cette semaine');
    expect(quotaMessage(quota(0, 40, 149, 150))).toBe('Il te reste 1 message cette semaine');
  });

  it('says when the tutor comes back once a quota is used up, even past the limit', () => {
    expect(quotaMessage(quota(40, 40, 50, 150))).toContain('demain');
    expect(quotaMessage(quota(45, 40, 50, 150))).toContain('demain');
    expect(quotaMessage(quota(0, 40, 150, 150))).toContain('lundi');
    expect(quotaMessage(quota(40, 40, 150, 150))).toContain('lundi');
  });
});

describe('visibleRefusal', () => {
  it('shows nothing when the tutor is open', () => {
    expect(visibleRefusal(status({ allowed: true }), 'home')).toBeNull();
  });

  it('shows the server’s French reason as it is', () => {
    const refusal = { allowed: false as const, code: 'level_not_allowed', message: 'En 5e, le tuteur ne s’utilise pas seul.' };
    for (const where of ['home', 'assignment', 'free'] as const) {
      expect(visibleRefusal(status(refusal), where)).toEqual({ code: 'level_not_allowed', message: refusal.message });
    }
  });

  it('keeps "free questions are off" for free conversations only: assignments stay open', () => {
    const refusal = { allowed: false as const, code: 'free_questions_off', message: 'Choisis un devoir.' };
    expect(visibleRefusal(status(refusal), 'home')).toBeNull();
    expect(visibleRefusal(status(refusal), 'assignment')).toBeNull();
    expect(visibleRefusal(status(refusal), 'free')?.code).toBe('free_questions_off');
  });
});

describe('isRefusal', () => {
  it('knows the framework and quota codes, and the teacher’s stop, but not server failures', () => {
    for (const code of ['live_session_required', 'outside_hours', 'quota_day', 'tutor_stopped', 'mode_not_allowed']) expect(isRefusal(code)).toBe(true);
    for (const code of ['no_model', 'llm_failed', 'network', 'http_502']) expect(isRefusal(code)).toBe(false);
  });
});
