import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { getBars, listAssets, news, type Bar } from '../api/endpoints.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useChannels, useResync, useStreamLive } from '../state/stream.tsx';
import { useLivePrices } from '../state/prices.ts';
import { useInterval, useResource } from '../state/useResource.ts';
import { ago, pct, price } from '../lib/format.ts';
import {
  CandleChart,
  DEFAULT_INDICATORS,
  type Candle,
  type IndicatorConfig,
  type IndicatorValues,
} from '../components/charts.tsx';
import { Card, Page, View } from '../components/ui.tsx';
import { Check, SelectField, TextField } from '../components/forms.tsx';
import { SYMBOL_RE } from '../lib/text.ts';
import type { ChannelMessage, StreamBar } from '../stream/stream.ts';
import { applyTrade } from '../lib/candles.ts';

export const TIMEFRAMES = [
  { value: '1Min', label: '1 minute', seconds: 60, limit: 390 },
  { value: '5Min', label: '5 minutes', seconds: 300, limit: 400 },
  { value: '15Min', label: '15 minutes', seconds: 900, limit: 400 },
  { value: '1Hour', label: '1 hour', seconds: 3600, limit: 500 },
  { value: '1Day', label: '1 day', seconds: 86_400, limit: 365 },
] as const;
type Timeframe = (typeof TIMEFRAMES)[number];

const STORE_KEY = 'tradeplane.chart.indicators';

function loadIndicators(): IndicatorConfig {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as Partial<IndicatorConfig> | null;
    if (!saved) return DEFAULT_INDICATORS;
    return {
      sma: { ...DEFAULT_INDICATORS.sma, ...saved.sma },
      ema: { ...DEFAULT_INDICATORS.ema, ...saved.ema },
      bollinger: { ...DEFAULT_INDICATORS.bollinger, ...saved.bollinger },
      rsi: { ...DEFAULT_INDICATORS.rsi, ...saved.rsi },
      macd: { ...DEFAULT_INDICATORS.macd, ...saved.macd },
    };
  } catch {
    return DEFAULT_INDICATORS;
  }
}

function toCandle(b: Bar | StreamBar): Candle {
  return {
    time: Math.floor(new Date(b.t).getTime() / 1000),
    open: Number(b.o),
    high: Number(b.h),
    low: Number(b.l),
    close: Number(b.c),
    volume: b.v,
  };
}

export function MarketPage({ symbol: routeSymbol }: { symbol: string | undefined }) {
  const loc = useLocation();
  const symbol = routeSymbol ?? 'AAPL';
  const tf: Timeframe = TIMEFRAMES.find((t) => t.value === loc.query.get('tf')) ?? TIMEFRAMES[4];
  const [indicators, setIndicators] = useState<IndicatorConfig>(loadIndicators);
  const [legend, setLegend] = useState<IndicatorValues>({});
  const live = useStreamLive();
  const assets = useResource('assets', listAssets);
  const asset = assets.data?.find((a) => a.symbol === symbol);

  useEffect(() => localStorage.setItem(STORE_KEY, JSON.stringify(indicators)), [indicators]);

  const bars = useResource(`bars:${symbol}:${tf.value}`, async () =>
    (await getBars(symbol, tf.value, tf.limit)).bars.map(toCandle).reverse(),
  );
  useResync(() => void bars.reload());
  useInterval(() => void bars.reload(), 10_000, !live);

  const channels = useMemo(() => [`trades:${symbol}`, `bars:${symbol}`], [symbol]);
  useChannels(channels, (m: ChannelMessage) => {
    if (m.type === 'trade' && m.data.S === symbol) {
      const tSec = Math.floor(new Date(m.data.t).getTime() / 1000);
      bars.setData((c) => (c ? applyTrade(c, tf, tSec, Number(m.data.p), m.data.s ?? 0) : c));
    } else if (m.type === 'bar' && m.data.S === symbol && tf.value === '1Min') {
      const candle = toCandle(m.data);
      bars.setData((c) => {
        if (!c) return c;
        const i = c.findIndex((x) => x.time === candle.time);
        if (i >= 0) return [...c.slice(0, i), candle, ...c.slice(i + 1)];
        return candle.time > (c[c.length - 1]?.time ?? 0) ? [...c, candle] : c;
      });
    }
  });

  const prices = useLivePrices([symbol]);
  const q = prices[symbol];
  const change =
    q?.last && q.prevClose ? ((Number(q.last) - Number(q.prevClose)) / Number(q.prevClose)) * 100 : null;
  const lastCandle = bars.data?.[bars.data.length - 1];

  return (
    <Page
      title={
        <>
          Market · {symbol}
          {asset ? <span className="muted"> {asset.name}</span> : null}
        </>
      }
      aside={
        <Link to={`/trade?symbol=${symbol}`} className="btn btn-primary">
          Trade {symbol}
        </Link>
      }
    >
      <SymbolBar
        symbol={symbol}
        tf={tf}
        assets={assets.data?.map((a) => ({ symbol: a.symbol, name: a.name })) ?? []}
      />
      <section className="quote-panel" aria-label={`${symbol} live quote`} data-testid="live-quote">
        <div>
          <span className="muted">Last</span> <b className="big">{price(q?.last)}</b>
        </div>
        <div className={change === null ? '' : change >= 0 ? 'up' : 'down'}>
          <span className="muted">Change</span> <b>{change === null ? '—' : pct(change.toFixed(4))}</b>
        </div>
        <div>
          <span className="muted">Bid</span> <b>{price(q?.bid)}</b>
        </div>
        <div>
          <span className="muted">Ask</span> <b>{price(q?.ask)}</b>
        </div>
        <div>
          <span className="muted">Prev close</span> <b>{price(q?.prevClose)}</b>
        </div>
      </section>
      <div className="market-grid">
        <Card title={`${symbol} · ${tf.label}`} className="chart-card">
          <div className="chart-legend" data-testid="chart-legend">
            {lastCandle ? (
              <span>
                O {price(String(lastCandle.open))} H {price(String(lastCandle.high))} L{' '}
                {price(String(lastCandle.low))} C {price(String(lastCandle.close))}
              </span>
            ) : null}
            {legend.sma !== undefined ? (
              <span className="lg-sma">
                SMA({indicators.sma.period}) {fmt(legend.sma)}
              </span>
            ) : null}
            {legend.ema !== undefined ? (
              <span className="lg-ema">
                EMA({indicators.ema.period}) {fmt(legend.ema)}
              </span>
            ) : null}
            {legend.bbUpper !== undefined ? (
              <span className="lg-bb">
                BB({indicators.bollinger.period}, {indicators.bollinger.mult}) {fmt(legend.bbUpper)} /{' '}
                {fmt(legend.bbLower)}
              </span>
            ) : null}
            {legend.rsi !== undefined ? (
              <span className="lg-rsi">
                RSI({indicators.rsi.period}) {fmt(legend.rsi)}
              </span>
            ) : null}
            {legend.macd !== undefined ? (
              <span className="lg-macd">
                MACD {fmt(legend.macd)} / {fmt(legend.signal)}
              </span>
            ) : null}
          </div>
          <View
            res={bars}
            label="Loading bars…"
            refreshError={false}
            isEmpty={(d) => d.length === 0}
            empty={
              <>
                No {tf.label} bars for {symbol} yet. History may still be loading; try the 1 day timeframe.
              </>
            }
          >
            {(candles) => (
              <CandleChart
                candles={candles}
                indicators={indicators}
                intraday={tf.value !== '1Day'}
                label={`Candlestick chart of ${symbol}, ${tf.label} bars, ${candles.length} bars, last close ${price(
                  String(lastCandle?.close ?? ''),
                )}`}
                onLegend={setLegend}
              />
            )}
          </View>
        </Card>
        <IndicatorControls value={indicators} onChange={setIndicators} />
      </div>
      <NewsCard symbol={symbol} />
    </Page>
  );
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

function SymbolBar({
  symbol,
  tf,
  assets,
}: {
  symbol: string;
  tf: Timeframe;
  assets: { symbol: string; name: string }[];
}) {
  const [text, setText] = useState(symbol);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(symbol), [symbol]);
  const go = (e: FormEvent) => {
    e.preventDefault();
    const s = text.trim().toUpperCase();
    if (!SYMBOL_RE.test(s)) {
      setError('Enter a symbol like AAPL');
      return;
    }
    if (assets.length && !assets.some((a) => a.symbol === s)) {
      setError(`${s} is not a listed asset`);
      return;
    }
    setError(undefined);
    navigate(`/market/${encodeURIComponent(s)}?tf=${tf.value}`);
  };
  return (
    <form
      className="symbol-bar"
      onSubmit={go}
      noValidate
      role="search"
      aria-label="Chart symbol and timeframe"
    >
      <TextField
        id="chart-symbol"
        label="Symbol"
        error={error}
        list="chart-assets"
        autoComplete="off"
        value={text}
        onChange={(v) => setText(v.toUpperCase())}
      >
        <datalist id="chart-assets">
          {assets.map((a) => (
            <option key={a.symbol} value={a.symbol}>
              {a.name}
            </option>
          ))}
        </datalist>
      </TextField>
      <button type="submit" className="btn">
        Show
      </button>
      <SelectField
        id="chart-timeframe"
        label="Timeframe"
        value={tf.value}
        onChange={(v) => navigate(`/market/${encodeURIComponent(symbol)}?tf=${v}`, { replace: true })}
        options={TIMEFRAMES}
      />
    </form>
  );
}

function PeriodInput({
  id,
  prefix,
  label,
  value,
  onChange,
  min = 1,
  max = 500,
  step = 1,
}: {
  id: string;
  /** Read by screen readers only, before the visible label ("SMA" + "period"). */
  prefix: string;
  label: string;
  value: number;
  onChange: (v: number) => void;
  min?: number | undefined;
  max?: number | undefined;
  step?: number | undefined;
}) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(String(value)), [value]);
  return (
    <TextField
      id={id}
      label={
        <>
          <span className="sr-only">{prefix} </span>
          {label}
        </>
      }
      error={error}
      fieldClassName="compact"
      type="number"
      inputMode="decimal"
      min={min}
      max={max}
      step={step}
      value={text}
      onChange={(v) => {
        setText(v);
        const n = Number(v);
        const ok =
          v !== '' && Number.isFinite(n) && n >= min && n <= max && (step !== 1 || Number.isInteger(n));
        setError(ok ? undefined : `${min}–${max}${step === 1 ? ', whole number' : ''}`);
        if (ok) onChange(n);
      }}
    />
  );
}

interface IndicatorRowDef {
  key: keyof IndicatorConfig;
  /** The checkbox's label. */
  name: string;
  /** What screen readers hear before each parameter's label. */
  prefix: string;
  params: { id: string; label: string; field: string; min?: number; max?: number; step?: number }[];
}

const period = (id: string) => ({ id, label: 'period', field: 'period' });

const OVERLAYS: IndicatorRowDef[] = [
  { key: 'sma', name: 'SMA', prefix: 'SMA', params: [period('sma-period')] },
  { key: 'ema', name: 'EMA', prefix: 'EMA', params: [period('ema-period')] },
  {
    key: 'bollinger',
    name: 'Bollinger Bands',
    prefix: 'Bollinger',
    params: [
      period('bb-period'),
      { id: 'bb-mult', label: 'width σ', field: 'mult', min: 0.5, max: 5, step: 0.5 },
    ],
  },
];

const PANES: IndicatorRowDef[] = [
  { key: 'rsi', name: 'RSI', prefix: 'RSI', params: [period('rsi-period')] },
  {
    key: 'macd',
    name: 'MACD',
    prefix: 'MACD',
    params: [
      { id: 'macd-fast', label: 'fast', field: 'fast' },
      { id: 'macd-slow', label: 'slow', field: 'slow' },
      { id: 'macd-signal', label: 'signal', field: 'signal' },
    ],
  },
];

function IndicatorControls({
  value,
  onChange,
}: {
  value: IndicatorConfig;
  onChange: (v: IndicatorConfig) => void;
}) {
  const set = <K extends keyof IndicatorConfig>(k: K, v: Partial<IndicatorConfig[K]>) =>
    onChange({ ...value, [k]: { ...value[k], ...v } });
  const macdError = value.macd.fast >= value.macd.slow ? 'Fast must be shorter than slow' : undefined;
  const row = (r: IndicatorRowDef) => {
    const current = value[r.key] as { on: boolean } & Record<string, number | boolean>;
    return (
      <div className="ind-row" key={r.key}>
        <Check checked={current.on} onChange={(on) => set(r.key, { on })}>
          {r.name}
        </Check>
        {r.params.map((p) => (
          <PeriodInput
            key={p.id}
            id={p.id}
            prefix={r.prefix}
            label={p.label}
            value={current[p.field] as number}
            min={p.min}
            max={p.max}
            step={p.step}
            onChange={(n) => set(r.key, { [p.field]: n })}
          />
        ))}
      </div>
    );
  };
  return (
    <Card title="Indicators" className="indicators">
      <fieldset>
        <legend>Overlays</legend>
        {OVERLAYS.map(row)}
      </fieldset>
      <fieldset>
        <legend>Panes</legend>
        {PANES.map(row)}
        {macdError && value.macd.on ? (
          <div className="field-error" role="alert">
            {macdError}
          </div>
        ) : null}
      </fieldset>
    </Card>
  );
}

function NewsCard({ symbol }: { symbol: string }) {
  const res = useResource(`news:${symbol}`, async () => (await news(symbol, 10)).news);
  useInterval(() => void res.reload(), 60_000);
  return (
    <Card title={`News about ${symbol}`}>
      <View
        res={res}
        label="Loading news…"
        refreshError={false}
        isEmpty={(d) => d.length === 0}
        empty={<>No recent news about {symbol}.</>}
      >
        {(items) => (
          <ul className="news-list">
            {items.map((n) => (
              <li key={n.id}>
                <div className="news-head">
                  {n.url ? (
                    <a href={n.url} target="_blank" rel="noopener noreferrer">
                      {n.headline}
                    </a>
                  ) : (
                    <strong>{n.headline}</strong>
                  )}
                  {n.sentiment !== null ? (
                    <span className={`small ${n.sentiment > 0 ? 'up' : n.sentiment < 0 ? 'down' : ''}`}>
                      {' '}
                      sentiment {n.sentiment > 0 ? '+' : ''}
                      {n.sentiment.toFixed(2)}
                    </span>
                  ) : null}
                </div>
                {n.summary ? <p className="small">{n.summary}</p> : null}
                <div className="muted small">
                  {n.source}
                  {n.author ? ` · ${n.author}` : ''} · {ago(n.createdAt)} · {n.symbols.join(', ')}
                </div>
              </li>
            ))}
          </ul>
        )}
      </View>
    </Card>
  );
}
