import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../src/domain/csv-import.ts';
import { readSp500Csv, sp500CsvPath } from './sp500-fixture.ts';

const csv = (...lines: string[]) => lines.join('\n') + '\n';

describe('CSV bar import: format detection', () => {
  it('reads a Yahoo Finance download, using Close rather than Adj Close', () => {
    const result = parseBarsCsv(
      csv(
        'Date,Open,High,Low,Close,Adj Close,Volume',
        '2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700',
        '2024-01-03,184.22,185.88,183.43,184.25,183.56,58414500',
      ),
    );
    expect(result).toEqual({
      format: 'yahoo',
      errors: [],
      bars: [
        {
          t: '2024-01-02T05:00:00Z',
          o: 187.15,
          h: 188.44,
          l: 183.89,
          c: 185.64,
          v: 82488700,
          n: null,
          vw: null,
        },
        {
          t: '2024-01-03T05:00:00Z',
          o: 184.22,
          h: 185.88,
          l: 183.43,
          c: 184.25,
          v: 58414500,
          n: null,
          vw: null,
        },
      ],
    });
  });

  it('stamps summer daily bars at midnight New York daylight time', () => {
    const { bars } = parseBarsCsv(
      csv('Date,Open,High,Low,Close,Adj Close,Volume', '2024-07-01,10,11,9,10.5,10.5,100'),
    );
    expect(bars[0]!.t).toBe('2024-07-01T04:00:00Z');
  });

  it('reads Alpaca bars with long column names', () => {
    const result = parseBarsCsv(
      csv(
        'timestamp,open,high,low,close,volume,trade_count,vwap',
        '2024-01-02T14:30:00Z,187.15,187.5,186.9,187.2,1200300,10234,187.1934',
        '2024-01-02T14:31:00Z,187.2,187.3,187.0,187.05,500100,4410,187.1502',
      ),
    );
    expect(result.format).toBe('alpaca');
    expect(result.errors).toEqual([]);
    expect(result.bars[1]).toEqual({
      t: '2024-01-02T14:31:00Z',
      o: 187.2,
      h: 187.3,
      l: 187,
      c: 187.05,
      v: 500100,
      n: 4410,
      vw: 187.1502,
    });
  });

  it('reads Alpaca bars with short column names and offsets', () => {
    const result = parseBarsCsv(
      csv('t,o,h,l,c,v,n,vw', '2024-01-02T09:30:00-05:00,1,1.2,0.9,1.1,100,3,1.05'),
    );
    expect(result.format).toBe('alpaca');
    expect(result.bars[0]).toMatchObject({ t: '2024-01-02T14:30:00Z', n: 3, vw: 1.05 });
  });

  it('reads Polygon aggregates with epoch-millisecond timestamps', () => {
    const result = parseBarsCsv(
      csv('t,o,h,l,c,v,vw,n', '1704205800000,187.15,187.5,186.9,187.2,1200300,187.1934,10234'),
    );
    expect(result.format).toBe('polygon');
    expect(result.bars[0]).toEqual({
      t: '2024-01-02T14:30:00Z',
      o: 187.15,
      h: 187.5,
      l: 186.9,
      c: 187.2,
      v: 1200300,
      n: 10234,
      vw: 187.1934,
    });
    expect(parseBarsCsv(csv('timestamp,o,h,l,c,v,vw,n', '1704205800000,1,1,1,1,1,1,1')).format).toBe(
      'polygon',
    );
  });

  it('reads a date,price close-only series as flat bars with zero volume', () => {
    const result = parseBarsCsv(csv('date,price', 'Jan 1 2000,1394.46', 'Feb 1 2000,1366.42'));
    expect(result.format).toBe('date-price');
    expect(result.bars).toEqual([
      { t: '2000-01-01T05:00:00Z', o: 1394.46, h: 1394.46, l: 1394.46, c: 1394.46, v: 0, n: null, vw: null },
      { t: '2000-02-01T05:00:00Z', o: 1366.42, h: 1366.42, l: 1366.42, c: 1366.42, v: 0, n: null, vw: null },
    ]);
  });

  it('handles a byte-order mark, CRLF line ends, quoted fields and blank lines', () => {
    const text =
      '\uFEFFDate,Open,High,Low,Close,Adj Close,Volume\r\n"2024-01-02","10","11","9","10.5","10.5","1000"\r\n\r\n';
    expect(parseBarsCsv(text)).toMatchObject({ format: 'yahoo', errors: [], bars: [{ o: 10, v: 1000 }] });
    expect(parseBarsCsv(csv('date,price', '"2024-01-02","1,5"')).errors).toEqual([
      { line: 2, message: "price '1,5' is not a number" },
    ]);
    expect(parseBarsCsv(csv('date,price', '2024-01-02,"10')).errors).toEqual([
      { line: 2, message: 'unterminated quoted field' },
    ]);
  });

  it('rejects an unknown header at line 1', () => {
    const result = parseBarsCsv(csv('when,bid,ask', '2024-01-02,1,2'));
    expect(result.bars).toEqual([]);
    expect(result.errors).toEqual([
      {
        line: 1,
        message: expect.stringMatching(/^unrecognised header \(no date\/timestamp column\); expected Yahoo/),
      },
    ]);
    expect(parseBarsCsv(csv('date,open,close', '2024-01-02,1,2')).errors[0]).toEqual({
      line: 1,
      message: expect.stringContaining('missing high, low, volume'),
    });
    expect(parseBarsCsv('').errors).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(parseBarsCsv('Date,Open,High,Low,Close,Adj Close,Volume\n').errors).toEqual([
      { line: 2, message: 'no data rows' },
    ]);
  });
});

describe('CSV bar import: validation', () => {
  const header = 'Date,Open,High,Low,Close,Adj Close,Volume';

  it('reports every bad row by line and imports nothing', () => {
    const result = parseBarsCsv(
      csv(
        header,
        '2024-01-02,10,11,9,10.5,10.5,1000', // line 2: fine
        '2024-01-03,10,9.5,9,10.2,10.2,1000', // line 3: high below open and close
        '2024-01-04,10,11,10.1,10.5,10.5,1000', // line 4: low above open
        '2024-01-05,10,11,9,10.5,10.5,-5', // line 5: negative volume
        '2024-01-08,abc,11,9,10.5,10.5,1000', // line 6: not a number
        '2024-01-08,10,11,9,10.5,10.5', // line 7: missing a field
        '2024-01-09,10,11,9,null,10.5,1000', // line 8: Yahoo's null
        '2024-02-30,10,11,9,10.5,10.5,1000', // line 9: no such date
        '2024-01-10,0,11,0,10.5,10.5,1000', // line 10: zero price
      ),
    );
    expect(result.bars).toEqual([]);
    expect(result.errors).toEqual([
      { line: 3, message: 'high 9.5 is below max(open, close) 10.2' },
      { line: 4, message: 'low 10.1 is above min(open, close) 10' },
      { line: 5, message: 'volume must not be negative, got -5' },
      { line: 6, message: "open 'abc' is not a number" },
      { line: 7, message: 'expected 7 fields, got 6' },
      { line: 8, message: "close 'null' is not a number" },
      { line: 9, message: expect.stringContaining("'2024-02-30' is not a date") },
      { line: 10, message: 'open must be positive, got 0; low must be positive, got 0' },
    ]);
  });

  it('requires strictly increasing, unique timestamps', () => {
    const result = parseBarsCsv(
      csv(
        header,
        '2024-01-03,10,11,9,10,10,1',
        '2024-01-03,10,11,9,10,10,1',
        '2024-01-02,10,11,9,10,10,1',
        '2024-01-04,10,11,9,10,10,1',
      ),
    );
    expect(result.bars).toEqual([]);
    expect(result.errors).toEqual([
      { line: 3, message: 'duplicate timestamp 2024-01-03T05:00:00Z (also on line 2)' },
      {
        line: 4,
        message:
          'timestamp 2024-01-02T05:00:00Z is before 2024-01-03T05:00:00Z on line 2; rows must be in increasing time order',
      },
    ]);
  });

  it('rejects timestamps without a time zone and epoch values in the wrong unit', () => {
    expect(
      parseBarsCsv(csv('timestamp,open,high,low,close,volume', '2024-01-02 14:30:00,1,1,1,1,1')).errors[0],
    ).toEqual({
      line: 2,
      message: expect.stringContaining('timestamp with a time zone'),
    });
    expect(parseBarsCsv(csv('t,o,h,l,c,v,vw,n', '1704205800,1,1,1,1,1,1,1')).errors[0]!.message).toMatch(
      /seconds or nanoseconds/,
    );
    expect(
      parseBarsCsv(csv('t,o,h,l,c,v,vw,n', '1704205800000000000,1,1,1,1,1,1,1')).errors[0]!.message,
    ).toMatch(/seconds or nanoseconds/);
  });

  it('reports line numbers of physical lines even after a quoted multi-line field', () => {
    const result = parseBarsCsv(
      csv('date,price,note', '2024-01-02,10,"two', 'lines, ""quoted"""', '2024-01-03,-1,x'),
    );
    expect(result.errors).toEqual([{ line: 4, message: 'price must be positive, got -1' }]);
  });

  it('stops listing errors after the limit', () => {
    const rows = Array.from({ length: 50 }, () => '2024-01-02,x,1,1,1,1,1');
    const result = parseBarsCsv(csv(header, ...rows), { maxErrors: 10 });
    expect(result.errors).toHaveLength(11);
    expect(result.errors.at(-1)!.message).toBe('too many errors; stopped after 10');
  });
});

describe('CSV bar import: the real vega-datasets files', () => {
  it('parses the S&P 500 daily series (sp500-2000.csv) into 5,105 bars', () => {
    const { format, bars, errors } = parseBarsCsv(readSp500Csv());
    expect(errors).toEqual([]);
    expect(format).toBe('yahoo');
    expect(bars).toHaveLength(5105);
    expect(bars[0]).toEqual({
      t: '2000-01-03T05:00:00Z',
      o: 1469.25,
      h: 1478,
      l: 1438.359985,
      c: 1455.219971,
      v: 931800000,
      n: null,
      vw: null,
    });
    expect(bars.at(-1)).toMatchObject({ t: '2020-04-17T04:00:00Z', c: 2874.560059 });
  });

  it('parses the monthly close-only sp500.csv', () => {
    const text = readFileSync(join(dirname(sp500CsvPath()), 'sp500.csv'), 'utf8');
    const { format, bars, errors } = parseBarsCsv(text);
    expect(errors).toEqual([]);
    expect(format).toBe('date-price');
    expect(bars.length).toBe(text.trim().split('\n').length - 1);
    expect(bars[0]).toMatchObject({ t: '2000-01-01T05:00:00Z', c: 1394.46, v: 0 });
  });
});
