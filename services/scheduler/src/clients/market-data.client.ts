import type { ServiceClient } from '@tradeplane/kit';
import type { CalendarSource, MarketSession } from '../domain/calendar.ts';
import { SchedulerErrors } from '../domain/errors.ts';

interface CalendarResponse {
  calendar: string;
  sessions: { date: string; open: string; close: string; earlyClose: boolean }[];
}

/**
 * NYSE sessions from market-data's `GET /v1/market/calendar?start&end`, called as the scheduler
 * itself (market-data's readers admit a platform service acting on its own behalf). Any failure
 * is SCHEDULER_CALENDAR_UNAVAILABLE (503).
 */
export function marketDataCalendar(client: ServiceClient, timeoutMs: number): CalendarSource {
  return {
    async sessions(start, end): Promise<MarketSession[]> {
      let body: CalendarResponse;
      try {
        body = await client.call<CalendarResponse>({
          method: 'GET',
          path: '/v1/market/calendar',
          query: { start, end },
          timeoutMs,
        });
      } catch (err) {
        throw SchedulerErrors.calendarUnavailable(err);
      }
      if (!body || !Array.isArray(body.sessions))
        throw SchedulerErrors.calendarUnavailable(new Error('market-data answered without sessions'));
      return body.sessions.map((s) => ({
        date: s.date,
        open: new Date(s.open),
        close: new Date(s.close),
        earlyClose: s.earlyClose,
      }));
    },
  };
}
