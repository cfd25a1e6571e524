import { describe, expect, it } from 'vitest';
import { quotaWindows } from './tutoring.service.ts';

describe('quotaWindows', () => {
  it('starts the day at midnight and the week on Monday, Paris time, in winter and in summer', () => {
    // Wednesday 25 November 2026, 15:30:45.123 in Paris (UTC+1).
    expect(quotaWindows(Date.parse('2026-11-25T14:30:45.123Z'))).toEqual({
      dayStart: Date.parse('2026-11-24T23:00:00Z'),
      weekStart: Date.parse('2026-11-22T23:00:00Z'),
    });
    // Wednesday 1 July 2026, 10:00 in Paris (UTC+2).
    expect(quotaWindows(Date.parse('2026-07-01T08:00:00Z'))).toEqual({
      dayStart: Date.parse('2026-06-30T22:00:00Z'),
      weekStart: Date.parse('2026-06-28T22:00:00Z'),
    });
  });

  it('keeps Sunday night in the week that began on Monday, and starts a new one at Monday midnight', () => {
    // Sunday 29 November 2026, 23:59:59 in Paris, then Monday 00:00:00.
    expect(quotaWindows(Date.parse('2026-11-29T22:59:59Z')).weekStart).toBe(Date.parse('2026-11-22T23:00:00Z'));
    expect(quotaWindows(Date.parse('2026-11-29T23:00:00Z'))).toEqual({
      dayStart: Date.parse('2026-11-29T23:00:00Z'),
      weekStart: Date.parse('2026-11-29T23:00:00Z'),
    });
  });
});
