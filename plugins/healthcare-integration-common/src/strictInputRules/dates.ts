import { z } from 'zod';

/**
 * Dates and date-times that exist: a format check alone lets impossible days, times and
 * offsets through, which different parsers then read as different instants or not at all.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) =>
  (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Whether year-month-day exists in the (proleptic Gregorian) calendar. */
export function isCalendarDate(
  year: number,
  month: number,
  day: number,
): boolean {
  if (
    !Number.isInteger(year) ||
    !Number.isInteger(month) ||
    !Number.isInteger(day)
  )
    return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= days;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD`. The format alone lets 2027-02-30 through, which then sorts,
 * compares and displays as a different day (or Invalid Date) depending on who parses it.
 */
export function calendarDate() {
  return z
    .string()
    .regex(DATE, { message: 'must be a date, YYYY-MM-DD' })
    .superRefine((value, ctx) => {
      const m = DATE.exec(value);
      if (m && !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be a real calendar date (${value} does not exist)`,
        });
      }
    });
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE_TIME_MESSAGE =
  'must be an ISO 8601 date-time with offset, e.g. 2026-11-24T10:00:00Z';

/** The first reason a text is not a real ISO 8601 date-time with offset, or undefined. */
export function findInvalidDateTime(value: string): string | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return DATE_TIME_MESSAGE;
  const [, y, mo, d, h, mi, s, , zone, oh, om] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d))) {
    return `must be a real calendar date (${y}-${mo}-${d} does not exist)`;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return 'must be a real time of day (00:00:00 to 23:59:59)';
  }
  if (
    zone !== 'Z' &&
    (Number(om) > 59 || Number(oh) * 60 + Number(om) > 14 * 60)
  ) {
    return 'must have a UTC offset between -14:00 and +14:00';
  }
  if (Number.isNaN(Date.parse(value))) return DATE_TIME_MESSAGE;
  return undefined;
}

const zodDateTime = z.string().datetime({ offset: true });

/**
 * An ISO 8601 / RFC 3339 date-time with `Z` or a `±hh:mm` offset, on a real calendar day, at a
 * real time and with an offset within ±14:00 (zod alone accepts `+99:99` and `+0100`, which
 * parsers read differently or not at all). Expiries and event times are compared by the
 * backend; a time that does not exist must not silently become another one.
 */
export function strictDateTime() {
  return z
    .string({
      // zod's own datetime check runs first (and documents `format: date-time`); its issue gets
      // the precise reason instead of a generic one.
      errorMap: (issue, ctx) =>
        issue.code === z.ZodIssueCode.invalid_string &&
        typeof ctx.data === 'string'
          ? { message: findInvalidDateTime(ctx.data) ?? DATE_TIME_MESSAGE }
          : { message: ctx.defaultError },
    })
    .datetime({ offset: true })
    .superRefine((value, ctx) => {
      if (!zodDateTime.safeParse(value).success) return; // already reported
      const invalid = findInvalidDateTime(value);
      if (invalid)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: invalid });
    });
}
