/** YYYY-MM-DD in UTC: the day boundary of start-of-day equity while the market runs in `always` mode. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The start of the `stepMs` bucket `at` falls in (UTC, epoch-aligned). */
export function floorTo(at: Date, stepMs: number): Date {
  return new Date(Math.floor(at.getTime() / stepMs) * stepMs);
}
