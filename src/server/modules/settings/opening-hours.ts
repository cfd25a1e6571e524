// The school's "aide aux devoirs" timetable and holidays, in Europe/Paris time whatever the server's zone.
// Format chosen to be typed by an admin: "lun-ven 16:00-19:00; mer 13:00-18:00" and
// holidays "2026-12-19..2027-01-03; 2027-04-10..2027-04-26".

export const DAYS_FR = ['dim', 'lun', 'mar', 'mer', 'jeu', 'ven', 'sam'] as const;
const DAY_NAMES_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTH_NAMES_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

export interface TimeRange {
  start: number; // minutes since local midnight
  end: number;
}

/** Ranges per weekday, index 0 = Sunday (as Date#getUTCDay). */
export type WeeklyHours = TimeRange[][];

export interface DateRange {
  from: string; // YYYY-MM-DD, inclusive
  to: string;
}

export class SettingFormatError extends Error {}

const minutes = (text: string): number => {
  if (text === '24:00') return 24 * 60; // end of day, so "00:00-24:00" is the whole day
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new SettingFormatError(`heure invalide « ${text} » (format HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
};

const dayIndex = (text: string): number => {
  const index = DAYS_FR.indexOf(text as (typeof DAYS_FR)[number]);
  if (index < 0) throw new SettingFormatError(`jour inconnu « ${text} » (utilisez lun, mar, mer, jeu, ven, sam, dim)`);
  return index;
};

/** Monday-first order, so that "lun-dim" covers the whole week and "ven-lun" wraps over the weekend. */
function expandDays(spec: string): number[] {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to] = part.trim().split('-');
    if (!from) throw new SettingFormatError('jours manquants');
    if (to === undefined) {
      days.add(dayIndex(from));
      continue;
    }
    const order = [1, 2, 3, 4, 5, 6, 0];
    let i = order.indexOf(dayIndex(from));
    const last = order.indexOf(dayIndex(to));
    for (let steps = 0; steps < 7; steps += 1) {
      days.add(order[i]!);
      if (i === last) break;
      i = (i + 1) % 7;
    }
  }
  return [...days];
}

/** Clauses separated by ";"; a later clause replaces the hours of the days it names. */
export function parseOpeningHours(text: string): WeeklyHours {
  const week: WeeklyHours = [[], [], [], [], [], [], []];
  for (const clause of text.split(';').map((c) => c.trim().toLowerCase()).filter(Boolean)) {
    const match = /^(\S+)\s+(.+)$/.exec(clause);
    if (!match) throw new SettingFormatError(`créneau invalide « ${clause} » (ex. « lun-ven 16:00-19:00 »)`);
    const days = expandDays(match[1]!);
    if (match[2] === 'fermé' || match[2] === 'ferme') {
      for (const day of days) week[day] = [];
      continue;
    }
    const spans = match[2]!.split(',').map((range) => {
      const [start, end] = range.trim().split('-');
      if (!start || !end) throw new SettingFormatError(`plage horaire invalide « ${range.trim()} » (ex. 16:00-19:00)`);
      const span = { start: minutes(start), end: minutes(end) };
      if (span.end <= span.start) throw new SettingFormatError(`la plage « ${range.trim()} » finit avant de commencer`);
      return span;
    });
    // A later clause replaces the hours of the days it names: "lun-ven 16:00-19:00; mer 13:00-18:00".
    for (const day of days) week[day] = [...spans];
  }
  for (const ranges of week) ranges.sort((a, b) => a.start - b.start);
  return week;
}

export function parseHolidays(text: string): DateRange[] {
  return text
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((clause) => {
      const [from, to = from] = clause.split('..').map((d) => d.trim());
      for (const date of [from, to]) {
        if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
          throw new SettingFormatError(`date invalide « ${date ?? ''} » (format AAAA-MM-JJ, période « début..fin »)`);
        }
      }
      if (to! < from!) throw new SettingFormatError(`la période « ${clause} » finit avant de commencer`);
      return { from: from!, to: to! };
    });
}

const PARIS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface ParisTime {
  date: string; // YYYY-MM-DD
  weekday: number; // 0 = Sunday
  minute: number;
}

// Every chat message asks (opening hours, quota windows) and formatToParts is slow (≈ 1 % of the server's CPU in
// the serving benchmark): the answer is the same for a whole UTC minute (Paris is a whole number of minutes away
// from UTC), so the last minute's answer is kept.
let lastMinute = Number.NaN;
let lastTime: ParisTime | undefined;

export function parisTime(epochMs: number): ParisTime {
  const utcMinute = Math.floor(epochMs / 60_000);
  if (utcMinute === lastMinute && lastTime) return { ...lastTime };
  const parts = Object.fromEntries(PARIS.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  lastTime = { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), minute: Number(parts.hour) * 60 + Number(parts.minute) };
  lastMinute = utcMinute;
  return { ...lastTime };
}

const inHolidays = (date: string, holidays: DateRange[]) => holidays.some((h) => date >= h.from && date <= h.to);

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export type Availability = { open: true } | { open: false; reason: 'holiday' | 'closed'; next: string | null };

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function describe(date: string, minute: number, today: string): string {
  if (date === today) return `aujourd’hui à ${hhmm(minute)}`;
  if (date === addDays(today, 1)) return `demain à ${hhmm(minute)}`;
  const d = new Date(`${date}T00:00:00Z`);
  return `${DAY_NAMES_FR[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_NAMES_FR[d.getUTCMonth()]} à ${hhmm(minute)}`;
}

/** Whether the tutor is open now, and if not, when it next opens (in French, e.g. "lundi 3 novembre à 16:00"). */
export function availability(epochMs: number, hours: WeeklyHours, holidays: DateRange[]): Availability {
  const now = parisTime(epochMs);
  const holiday = inHolidays(now.date, holidays);
  if (!holiday && hours[now.weekday]!.some((r) => now.minute >= r.start && now.minute < r.end)) return { open: true };
  for (let offset = 0; offset <= 120; offset += 1) {
    const date = addDays(now.date, offset);
    if (inHolidays(date, holidays)) continue;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const next = hours[weekday]!.find((r) => offset > 0 || r.start > now.minute);
    if (next) return { open: false, reason: holiday ? 'holiday' : 'closed', next: describe(date, next.start, now.date) };
  }
  return { open: false, reason: holiday ? 'holiday' : 'closed', next: null };
}
