import type { AnyDB, AnyTx } from '@tradeplane/kit';

export interface ImportRun {
  id: string;
  symbol: string;
  timeframe: string;
  format: string;
  rows: number;
  firstT: string;
  lastT: string;
  userId: string | null;
}

export async function insertImportRun(db: AnyDB | AnyTx, run: ImportRun): Promise<void> {
  await db
    .insertInto('import_runs')
    .values({
      id: run.id,
      symbol: run.symbol,
      timeframe: run.timeframe,
      format: run.format,
      rows: run.rows,
      first_t: run.firstT,
      last_t: run.lastT,
      user_id: run.userId,
    })
    .execute();
}
