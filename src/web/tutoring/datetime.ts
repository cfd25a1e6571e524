// <input type="datetime-local"> speaks wall-clock time without a zone: the browser's own zone is the one the
// teacher means, so values are read and written with the local Date getters, and the API gets epoch ms.

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DDTHH:MM" in the browser's zone, for the value of a datetime-local input. */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * Epoch ms of a datetime-local value in the browser's zone; null when it is empty or not a real date
 * (31 February, 25:00). A time skipped by a daylight-saving change moves forward, as the browser does.
 */
export function fromDateTimeLocal(value: string): number | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (year < 1970 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(2000, 0, 1, 0, 0, 0, 0);
  date.setFullYear(year, month - 1, day);
  date.setHours(hours, minutes, seconds, 0);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

/** The browser's time zone name (e.g. "Europe/Paris"), shown next to the date inputs. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
