/**
 * ISO 8601 dates as RO-Crate uses them: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date and time with
 * optional seconds, fraction and zone. A space instead of `T` is accepted (RFC 3339 allows it, and
 * Python's str(datetime) writes it). Field ranges are checked, so `2024-02-30` is refused.
 */
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function isIsoDate(value: string): boolean {
  const d = DATE.exec(value);
  if (d) return validDate(Number(d[1]), d[2] ? Number(d[2]) : 1, d[3] ? Number(d[3]) : 1);
  const t = DATE_TIME.exec(value);
  if (!t) return false;
  const [hour, minute, second] = [Number(t[4]), Number(t[5]), t[6] ? Number(t[6]) : 0];
  const zone = t[7];
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(-2)) > 59)) return false;
  return validDate(Number(t[1]), Number(t[2]), Number(t[3])) && hour <= 24 && minute <= 59 && second <= 60;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return day <= (days[month - 1] ?? 0);
}
