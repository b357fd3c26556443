/**
 * Parses a CSV of OHLCV bars for one symbol, detecting the column layout from the header:
 *
 * - yahoo:      Date,Open,High,Low,Close,Adj Close,Volume (Yahoo Finance download; also the
 *               lower-case date,open,high,low,close,adjclose,volume of vega-datasets' sp500-2000.csv)
 * - alpaca:     timestamp,open,high,low,close,volume,trade_count,vwap or t,o,h,l,c,v,n,vw (RFC 3339 t)
 * - polygon:    t (or timestamp) in epoch milliseconds with o,h,l,c,v,vw,n (aggregates API)
 * - date-price: date,price — a close-only series such as vega-datasets' sp500.csv ("Jan 1 2000");
 *               each row becomes a bar with o = h = l = c = price, v = 0, n and vw null.
 *
 * All-or-nothing: the result carries every bad row with its 1-based line number (the header is
 * line 1), and whenever `errors` is non-empty `bars` is empty, so a caller cannot half-import.
 * Yahoo's Close (not Adj Close) is used, so open/high/low/close stay mutually consistent.
 * Date-only rows are daily bars stamped at midnight New York time, as Alpaca stamps daily bars.
 */
import { nyseCalendar } from './calendar.ts';
import { isIsoDate, makeIsoDate } from './ny-time.ts';
import { barTime } from './bars.ts';

export type CsvFormat = 'yahoo' | 'alpaca' | 'polygon' | 'date-price';

export interface ImportedBar {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number | null;
  vw: number | null;
}

export interface CsvLineError {
  line: number;
  message: string;
}

export interface CsvImportResult {
  format: CsvFormat | undefined;
  bars: ImportedBar[];
  errors: CsvLineError[];
}

export interface CsvImportOptions {
  /** Reporting stops after this many errors (the import is rejected either way). */
  maxErrors?: number;
}

type Role = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'count' | 'vwap' | 'price';

/** Header names, compared lower-case with everything but letters and digits removed. */
const ROLE_NAMES: Record<Role, readonly string[]> = {
  time: ['date', 'timestamp', 't', 'time', 'datetime'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'v'],
  count: ['tradecount', 'n', 'transactions'],
  vwap: ['vwap', 'vw'],
  price: ['price'],
};

const EXPECTED_HEADERS =
  'expected Yahoo (Date,Open,High,Low,Close,Adj Close,Volume), Alpaca (timestamp,open,high,low,close,volume,trade_count,vwap or t,o,h,l,c,v,n,vw), ' +
  'Polygon (t in epoch ms,o,h,l,c,v,vw,n) or date,price columns';

const DEFAULT_MAX_ERRORS = 100;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EPOCH_MS_RE = /^\d+$/;
const ZONED_DATETIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const MONTH_NAME_DATE_RE = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/;
/** Epoch ms between 1971 and 2200: anything else is seconds or nanoseconds by mistake. */
const EPOCH_MS_MIN = 31_536_000_000;
const EPOCH_MS_MAX = 7_258_118_400_000;

interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records with the line each starts on; quoted fields may contain commas and newlines. */
function readRecords(text: string): { records: CsvRecord[]; error?: CsvLineError } {
  const records: CsvRecord[] = [];
  const keep = (line: number, fields: string[]) => {
    if (fields.some((f) => f.trim() !== '')) records.push({ line, fields: fields.map((f) => f.trim()) });
  };
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const newline = text.indexOf('\n', i);
    const end = newline === -1 ? text.length : newline;
    const raw = text.slice(i, end);
    if (!raw.includes('"')) {
      // Fast path: most exports never quote.
      keep(line, (raw.endsWith('\r') ? raw.slice(0, -1) : raw).split(','));
      line++;
      i = end + 1;
      continue;
    }
    const quoted = readQuotedRecord(text, i, line);
    if ('error' in quoted) return { records, error: quoted.error };
    keep(line, quoted.fields);
    line = quoted.nextLine;
    i = quoted.next;
  }
  return { records };
}

/** One record that contains quotes, read character by character from `i`. */
function readQuotedRecord(
  text: string,
  start: number,
  startLine: number,
): { fields: string[]; next: number; nextLine: number } | { error: CsvLineError } {
  const fields: string[] = [];
  let field = '';
  let line = startLine;
  let i = start;
  for (;;) {
    if (text[i] === '"' && field.trim() === '') {
      field = '';
      i++;
      for (;;) {
        if (i >= text.length) return { error: { line: startLine, message: 'unterminated quoted field' } };
        const ch = text[i]!;
        i++;
        if (ch === '"') {
          if (text[i] !== '"') break;
          i++;
        } else if (ch === '\n') {
          line++;
        }
        field += ch;
      }
    }
    const ch = text[i];
    if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === undefined || ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      fields.push(field);
      if (ch === undefined) return { fields, next: i, nextLine: line };
      return { fields, next: i + (ch === '\r' ? 2 : 1), nextLine: line + 1 };
    } else {
      field += ch;
      i++;
    }
  }
}

function columnRoles(header: string[]): Map<Role, number> {
  const roles = new Map<Role, number>();
  header.forEach((name, index) => {
    const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    for (const [role, names] of Object.entries(ROLE_NAMES) as Array<[Role, readonly string[]]>) {
      if (names.includes(key) && !roles.has(role)) roles.set(role, index);
    }
  });
  return roles;
}

function detectFormat(
  roles: Map<Role, number>,
  header: string[],
  firstRow: string[] | undefined,
): CsvFormat | string {
  const has = (r: Role) => roles.has(r);
  if (!has('time')) return 'no date/timestamp column';
  const ohlc: Role[] = ['open', 'high', 'low', 'close'];
  if (has('price') && !ohlc.some(has)) return 'date-price';
  const missing = [...ohlc, 'volume' as Role].filter((r) => !has(r));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const timeHeader = header[roles.get('time')!]!.toLowerCase();
  if (timeHeader === 'date') return 'yahoo';
  const firstTime = firstRow?.[roles.get('time')!] ?? '';
  return EPOCH_MS_RE.test(firstTime) ? 'polygon' : 'alpaca';
}

function parseTime(raw: string, format: CsvFormat): number | string {
  if (format === 'polygon') {
    if (!EPOCH_MS_RE.test(raw)) return `timestamp '${raw}' is not epoch milliseconds`;
    const ms = Number(raw);
    if (ms < EPOCH_MS_MIN || ms > EPOCH_MS_MAX)
      return `timestamp ${raw} is out of range for epoch milliseconds (seconds or nanoseconds?)`;
    return ms;
  }
  if (isIsoDate(raw)) return nyseCalendar.dayStart(raw).getTime();
  if (ZONED_DATETIME_RE.test(raw)) {
    const ms = Date.parse(raw.replace(' ', 'T'));
    return Number.isNaN(ms) ? `'${raw}' is not a valid timestamp` : ms;
  }
  const named = MONTH_NAME_DATE_RE.exec(raw);
  if (named) {
    const month = MONTHS.indexOf(named[1]!.toLowerCase()) + 1;
    const date = month > 0 ? makeIsoDate(Number(named[3]), month, Number(named[2])) : '';
    // makeIsoDate rolls Feb 30 over into March; a round trip catches that.
    if (month > 0 && Number(date.slice(8, 10)) === Number(named[2]))
      return nyseCalendar.dayStart(date).getTime();
  }
  return `'${raw}' is not a date (YYYY-MM-DD, 'Jan 2 2006') or a timestamp with a time zone (RFC 3339)`;
}

/** RFC 3339 UTC; milliseconds only when the source had them. */
function formatTime(ms: number): string {
  return ms % 1000 === 0 ? barTime(ms) : new Date(ms).toISOString();
}

function parseNumber(raw: string, what: string): number | string {
  if (!NUMBER_RE.test(raw)) return raw === '' ? `${what} is empty` : `${what} '${raw}' is not a number`;
  return Number(raw);
}

/** Validates one row; returns the bar or the reasons it is rejected. */
function parseRow(
  fields: string[],
  roles: Map<Role, number>,
  format: CsvFormat,
): { bar: Omit<ImportedBar, 't'>; ms: number } | string[] {
  const problems: string[] = [];
  const field = (r: Role) => fields[roles.get(r)!] ?? '';
  const time = parseTime(field('time'), format);
  if (typeof time === 'string') problems.push(time);
  const num = (r: Role, what: string): number => {
    const v = parseNumber(field(r), what);
    if (typeof v === 'string') {
      problems.push(v);
      return Number.NaN;
    }
    return v;
  };
  const optional = (r: Role, what: string): number | null =>
    !roles.has(r) || field(r) === '' ? null : num(r, what);

  let o: number, h: number, l: number, c: number, v: number;
  if (format === 'date-price') {
    o = h = l = c = num('price', 'price');
    v = 0;
  } else {
    o = num('open', 'open');
    h = num('high', 'high');
    l = num('low', 'low');
    c = num('close', 'close');
    v = num('volume', 'volume');
  }
  const n = optional('count', 'trade count');
  const vw = optional('vwap', 'vwap');
  if (problems.length > 0) return problems;

  const prices: ReadonlyArray<readonly [string, number]> =
    format === 'date-price'
      ? [['price', c]]
      : [
          ['open', o],
          ['high', h],
          ['low', l],
          ['close', c],
        ];
  for (const [name, value] of prices) {
    if (value <= 0) problems.push(`${name} must be positive, got ${value}`);
  }
  if (h < Math.max(o, c)) problems.push(`high ${h} is below max(open, close) ${Math.max(o, c)}`);
  if (l > Math.min(o, c)) problems.push(`low ${l} is above min(open, close) ${Math.min(o, c)}`);
  if (v < 0) problems.push(`volume must not be negative, got ${v}`);
  if (n !== null && (!Number.isInteger(n) || n < 0))
    problems.push(`trade count must be a non-negative integer, got ${n}`);
  if (vw !== null && vw <= 0) problems.push(`vwap must be positive, got ${vw}`);
  if (problems.length > 0) return problems;
  return { bar: { o, h, l, c, v, n, vw }, ms: time as number };
}

export function parseBarsCsv(text: string, options: CsvImportOptions = {}): CsvImportResult {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const { records, error } = readRecords(text);
  const [header, ...rows] = records;
  if (!header) return { format: undefined, bars: [], errors: [{ line: 1, message: 'the file is empty' }] };
  const roles = columnRoles(header.fields);
  const detected = detectFormat(roles, header.fields, rows[0]?.fields);
  if (detected !== 'yahoo' && detected !== 'alpaca' && detected !== 'polygon' && detected !== 'date-price') {
    return {
      format: undefined,
      bars: [],
      errors: [{ line: header.line, message: `unrecognised header (${detected}); ${EXPECTED_HEADERS}` }],
    };
  }
  const format = detected;

  const errors: CsvLineError[] = [];
  const bars: ImportedBar[] = [];
  const report = (line: number, message: string): boolean => {
    errors.push({ line, message });
    if (errors.length < maxErrors) return true;
    errors.push({ line, message: `too many errors; stopped after ${maxErrors}` });
    return false;
  };
  if (rows.length === 0 && !error) report(header.line + 1, 'no data rows');

  let previous: { ms: number; line: number } | undefined;
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      if (!report(row.line, `expected ${header.fields.length} fields, got ${row.fields.length}`)) break;
      continue;
    }
    const parsed = parseRow(row.fields, roles, format);
    if (Array.isArray(parsed)) {
      if (!report(row.line, parsed.join('; '))) break;
      continue;
    }
    if (previous && parsed.ms <= previous.ms) {
      const message =
        parsed.ms === previous.ms
          ? `duplicate timestamp ${formatTime(parsed.ms)} (also on line ${previous.line})`
          : `timestamp ${formatTime(parsed.ms)} is before ${formatTime(previous.ms)} on line ${previous.line}; rows must be in increasing time order`;
      if (!report(row.line, message)) break;
      continue;
    }
    previous = { ms: parsed.ms, line: row.line };
    bars.push({ t: formatTime(parsed.ms), ...parsed.bar });
  }
  if (error && errors.length < maxErrors) errors.push(error);
  return errors.length > 0 ? { format, bars: [], errors } : { format, bars, errors };
}
