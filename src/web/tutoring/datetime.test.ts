import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDateTimeLocal, toDateTimeLocal } from './datetime.ts';

// The inputs speak the browser's zone: run these tests in two zones that are not the machine's.
const originalZone = process.env.TZ;
function inZone(zone: string, body: () => void): void {
  process.env.TZ = zone;
  try {
    body();
  } finally {
    process.env.TZ = 'Europe/Paris';
  }
}

beforeAll(() => {
  process.env.TZ = 'Europe/Paris';
});
afterAll(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

describe('datetime-local values', () => {
  it('writes an instant as the wall-clock time of the browser zone, winter and summer', () => {
    expect(toDateTimeLocal(Date.UTC(2026, 0, 15, 12, 30))).toBe('2026-01-15T13:30');
    expect(toDateTimeLocal(Date.UTC(2026, 6, 1, 10, 0))).toBe('2026-07-01T12:00');
    inZone('America/New_York', () => {
      expect(toDateTimeLocal(Date.UTC(2026, 0, 15, 12, 30))).toBe('2026-01-15T07:30');
    });
  });

  it('reads a wall-clock time in the browser zone', () => {
    expect(fromDateTimeLocal('2026-01-15T13:30')).toBe(Date.UTC(2026, 0, 15, 12, 30));
    expect(fromDateTimeLocal('2026-07-01T12:00')).toBe(Date.UTC(2026, 6, 1, 10, 0));
    expect(fromDateTimeLocal('2026-07-01T12:00:30')).toBe(Date.UTC(2026, 6, 1, 10, 0, 30));
    inZone('America/New_York', () => {
      expect(fromDateTimeLocal('2026-01-15T07:30')).toBe(Date.UTC(2026, 0, 15, 12, 30));
    });
  });

  it('round-trips every half hour of a year, across both daylight-saving changes', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let ms = start; ms < start + 366 * 86_400_000; ms += 30 * 60_000) {
      const text = toDateTimeLocal(ms);
      // The repeated hour of October maps back to one of its two instants, which shows the same text.
      expect(toDateTimeLocal(fromDateTimeLocal(text)!), text).toBe(text);
    }
  });

  it('moves a time skipped by the spring change forward, like the browser', () => {
    expect(fromDateTimeLocal('2026-03-29T02:30')).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('refuses empty, malformed and impossible values', () => {
    for (const value of ['', '2026-01-15', '15/01/2026 13:30', '2026-02-31T10:00', '2026-01-15T24:00', '2026-01-15T10:60', '1969-12-31T23:00']) {
      expect(fromDateTimeLocal(value), value).toBeNull();
    }
  });
});
