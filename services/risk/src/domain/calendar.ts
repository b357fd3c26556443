/**
 * Dates the rules count in. A trading day is the calendar day in New York (where US equities
 * trade); weekends are not business days. Exchange holidays are not known to risk, so a window
 * spanning one reaches one business day further back than FINRA's would (the stricter side).
 */
const NY_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD of `at` in New York. */
export function tradingDate(at: Date): string {
  return NY_DATE.format(at);
}

/** YYYY-MM-DD of `at` in UTC: the day boundary of breakers and start-of-day equity (always mode). */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const isWeekday = (d: Date) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6;

/** The first day of the window of `days` business days that ends on `today` (YYYY-MM-DD). */
export function businessWindowStart(today: string, days = 5): string {
  const d = new Date(`${today}T12:00:00Z`);
  let counted = isWeekday(d) ? 1 : 0;
  while (counted < days) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (isWeekday(d)) counted += 1;
  }
  return d.toISOString().slice(0, 10);
}
