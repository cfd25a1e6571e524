// Timetable parsing and availability in Paris time, across summer time.
import { describe, expect, it } from 'vitest';
import { availability, parseHolidays, parseOpeningHours, parisTime } from './opening-hours.ts';

describe('opening hours', () => {
  it('parses day ranges, lists, several slots and closed days', () => {
    const week = parseOpeningHours('lun-ven 16:00-19:00; mer 13:00-15:00, 16:00-18:00; ven fermé');
    expect(week[1]).toEqual([{ start: 960, end: 1140 }]);
    expect(week[3]).toEqual([{ start: 780, end: 900 }, { start: 960, end: 1080 }]);
    expect(week[2]).toEqual([{ start: 960, end: 1140 }]);
    expect(week[5]).toEqual([]);
    expect(week[0]).toEqual([]);
    expect(parseOpeningHours('sam-lun 10:00-11:00')[0]).toHaveLength(1);
  });

  it('explains bad input in French', () => {
    expect(() => parseOpeningHours('lundi 16h-19h')).toThrow(/jour inconnu « lundi »/);
    expect(() => parseOpeningHours('lun 19:00-16:00')).toThrow(/finit avant de commencer/);
    expect(() => parseHolidays('2026-13-45')).toThrow(/date invalide/);
  });

  it('reads the time in Paris, summer and winter', () => {
    expect(parisTime(Date.UTC(2026, 6, 1, 15, 0))).toMatchObject({ date: '2026-07-01', minute: 17 * 60 });
    expect(parisTime(Date.UTC(2026, 11, 1, 15, 0))).toMatchObject({ date: '2026-12-01', minute: 16 * 60 });
    expect(parisTime(Date.UTC(2026, 11, 31, 23, 30))).toMatchObject({ date: '2027-01-01', weekday: 5 });
  });

  it('gives each minute its own time, also when asked again within a minute (kept) and across midnight', () => {
    const t = Date.UTC(2026, 11, 31, 22, 59, 10);
    expect(parisTime(t)).toMatchObject({ date: '2026-12-31', minute: 23 * 60 + 59 });
    const kept = parisTime(t + 40_000);
    expect(kept).toMatchObject({ date: '2026-12-31', minute: 23 * 60 + 59 });
    kept.date = 'changed by a caller';
    expect(parisTime(t + 45_000).date).toBe('2026-12-31');
    expect(parisTime(t + 50_000)).toMatchObject({ date: '2027-01-01', minute: 0, weekday: 5 });
    expect(parisTime(t - 60_000)).toMatchObject({ date: '2026-12-31', minute: 23 * 60 + 58 });
  });

  it('finds the next slot across a weekend', () => {
    const hours = parseOpeningHours('lun-ven 16:00-19:00');
    // Friday 6 November 2026, 20:00 Paris.
    expect(availability(Date.UTC(2026, 10, 6, 19, 0), hours, [])).toEqual({ open: false, reason: 'closed', next: 'lundi 9 novembre à 16:00' });
    expect(availability(Date.UTC(2026, 10, 9, 15, 30), hours, [])).toEqual({ open: true });
  });
});
