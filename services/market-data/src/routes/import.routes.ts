import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { importBars } from '../domain/import-bars.ts';
import type { MarketRuntime } from '../domain/market-runtime.ts';
import { parseSymbol } from '../domain/request-params.ts';
import { ImportQuery, ImportResponse } from '../schemas/market.schemas.ts';

/** Imports are whole files; the gateway forwards bodies up to 1 MiB, larger files go through the CLI in pieces. */
const CSV_BODY_LIMIT = 16 * 1_048_576;

export async function importRoutes(app: ServiceApp, rt: MarketRuntime): Promise<void> {
  // This plugin scope only: the rest of the service speaks JSON.
  for (const type of ['text/csv', 'text/plain']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }

  app.post(
    '/v1/market/import',
    {
      config: { auth: 'admin' },
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['market'],
        summary:
          'Import bars from CSV (Yahoo, Alpaca or Polygon columns); any bad row rejects the whole file',
        description:
          'Send the file as the body with content-type text/csv. A 400 lists every bad row as `errors: [{line, message}]` and nothing is stored.',
        querystring: ImportQuery,
        consumes: ['text/csv'],
        body: Type.String({ description: 'the CSV file' }),
        response: {
          201: ImportResponse,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          415: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const symbol = parseSymbol(req.query.symbol);
      const result = await importBars(
        { db: rt.ctx.db, transaction: rt.ctx.transaction, cache: rt.ctx.cache, calendar: rt.deps.calendar },
        {
          symbol,
          csv: req.body,
          ...(req.query.timeframe ? { timeframe: req.query.timeframe } : {}),
          userId: currentUser(req).userId,
        },
      );
      await rt.deps.assets.reload();
      req.log.info(
        { symbol, rows: result.rows, format: result.format, timeframe: result.timeframe },
        'bars imported',
      );
      return reply.code(201).send(result);
    },
  );
}
