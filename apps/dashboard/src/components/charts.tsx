/**
 * Charts on TradingView's lightweight-charts (Apache-2.0). Its attribution logo stays on
 * (`layout.attributionLogo: true`): that link is how the dashboard meets the library's NOTICE
 * requirement.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  BaselineSeries,
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  createChart,
  type DeepPartial,
  type ChartOptions,
  type IChartApi,
  type ISeriesApi,
  type SeriesType,
  type UTCTimestamp,
} from 'lightweight-charts';
import { bollinger, ema, macd, rsi, sma } from '../lib/indicators.ts';
import type { Candle } from '../lib/candles.ts';

export type { Candle } from '../lib/candles.ts';

export interface IndicatorConfig {
  sma: { on: boolean; period: number };
  ema: { on: boolean; period: number };
  bollinger: { on: boolean; period: number; mult: number };
  rsi: { on: boolean; period: number };
  macd: { on: boolean; fast: number; slow: number; signal: number };
}

export const DEFAULT_INDICATORS: IndicatorConfig = {
  sma: { on: false, period: 20 },
  ema: { on: false, period: 50 },
  bollinger: { on: false, period: 20, mult: 2 },
  rsi: { on: false, period: 14 },
  macd: { on: false, fast: 12, slow: 26, signal: 9 },
};

const COLORS = {
  bg: '#0e1217',
  text: '#aeb8c4',
  grid: '#1b232d',
  up: '#26a69a',
  down: '#ef5350',
  sma: '#f5c542',
  ema: '#4aa3ff',
  bb: '#b388ff',
  rsi: '#f5a623',
  macd: '#4aa3ff',
  signal: '#ff7b72',
};

function baseOptions(): DeepPartial<ChartOptions> {
  return {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: COLORS.bg },
      textColor: COLORS.text,
      fontFamily: 'Inter, system-ui, sans-serif',
      attributionLogo: true,
      panes: { separatorColor: '#2a3441', enableResize: true },
    },
    grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: '#2a3441' },
    timeScale: { borderColor: '#2a3441' },
  };
}

const t = (s: number) => s as UTCTimestamp;

function line(values: (number | null)[], candles: Candle[]) {
  const out: { time: UTCTimestamp; value: number }[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v))
      out.push({ time: t(candles[i]!.time), value: v });
  }
  return out;
}

export interface IndicatorValues {
  sma?: number | null;
  ema?: number | null;
  bbUpper?: number | null;
  bbLower?: number | null;
  rsi?: number | null;
  macd?: number | null;
  signal?: number | null;
}

/** Computes every enabled indicator over the candles (one pass per indicator). */
export function computeIndicators(candles: Candle[], cfg: IndicatorConfig) {
  const closes = candles.map((c) => c.close);
  return {
    sma: cfg.sma.on ? sma(closes, cfg.sma.period) : null,
    ema: cfg.ema.on ? ema(closes, cfg.ema.period) : null,
    bollinger: cfg.bollinger.on ? bollinger(closes, cfg.bollinger.period, cfg.bollinger.mult) : null,
    rsi: cfg.rsi.on ? rsi(closes, cfg.rsi.period) : null,
    macd:
      cfg.macd.on && cfg.macd.fast < cfg.macd.slow
        ? macd(closes, cfg.macd.fast, cfg.macd.slow, cfg.macd.signal)
        : null,
  };
}

interface ExtraSeries {
  sma?: ISeriesApi<'Line'>;
  ema?: ISeriesApi<'Line'>;
  bbUpper?: ISeriesApi<'Line'>;
  bbMiddle?: ISeriesApi<'Line'>;
  bbLower?: ISeriesApi<'Line'>;
  rsi?: ISeriesApi<'Line'>;
  macd?: ISeriesApi<'Line'>;
  macdSignal?: ISeriesApi<'Line'>;
  macdHist?: ISeriesApi<'Histogram'>;
}

export function CandleChart({
  candles,
  indicators,
  intraday,
  label,
  onLegend,
}: {
  candles: Candle[];
  indicators: IndicatorConfig;
  intraday: boolean;
  label: string;
  onLegend?: (values: IndicatorValues) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const main = useRef<{ candles: ISeriesApi<'Candlestick'>; volume: ISeriesApi<'Histogram'> } | null>(null);
  const extra = useRef<ExtraSeries>({});
  const onLegendRef = useRef(onLegend);
  onLegendRef.current = onLegend;
  const fitted = useRef<string>('');

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, baseOptions());
    const candleSeries = c.addSeries(CandlestickSeries, {
      upColor: COLORS.up,
      downColor: COLORS.down,
      borderVisible: false,
      wickUpColor: COLORS.up,
      wickDownColor: COLORS.down,
    });
    const volume = c.addSeries(HistogramSeries, {
      priceScaleId: 'volume',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    c.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    candleSeries.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.24 } });
    chart.current = c;
    main.current = { candles: candleSeries, volume };
    return () => {
      c.remove();
      chart.current = null;
      main.current = null;
      extra.current = {};
    };
  }, []);

  useEffect(() => {
    chart.current?.applyOptions({ timeScale: { timeVisible: intraday, secondsVisible: false } });
  }, [intraday]);

  const computed = useMemo(() => computeIndicators(candles, indicators), [candles, indicators]);

  // Indicator series are created when the set of indicators changes...
  const layoutKey = JSON.stringify(indicators);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    for (const s of Object.values(extra.current) as ISeriesApi<SeriesType>[]) c.removeSeries(s);
    extra.current = {};
    // Panes left without series are dropped, from the last one.
    for (let i = c.panes().length - 1; i >= 1; i--)
      if (c.panes()[i]!.getSeries().length === 0) c.removePane(i);
    const cfg = JSON.parse(layoutKey) as IndicatorConfig;
    const x = extra.current;
    const common = {
      lastValueVisible: false,
      priceLineVisible: false,
      crosshairMarkerVisible: false,
    } as const;
    if (cfg.sma.on)
      x.sma = c.addSeries(LineSeries, {
        ...common,
        color: COLORS.sma,
        lineWidth: 2,
        title: `SMA ${cfg.sma.period}`,
      });
    if (cfg.ema.on)
      x.ema = c.addSeries(LineSeries, {
        ...common,
        color: COLORS.ema,
        lineWidth: 2,
        title: `EMA ${cfg.ema.period}`,
      });
    if (cfg.bollinger.on) {
      const opts = { ...common, color: COLORS.bb, lineWidth: 1 as const };
      x.bbUpper = c.addSeries(LineSeries, { ...opts, title: 'BB upper' });
      x.bbMiddle = c.addSeries(LineSeries, { ...opts, lineStyle: 2, title: 'BB mid' });
      x.bbLower = c.addSeries(LineSeries, { ...opts, title: 'BB lower' });
    }
    let pane = 1;
    if (cfg.rsi.on) {
      x.rsi = c.addSeries(
        LineSeries,
        {
          ...common,
          lastValueVisible: true,
          color: COLORS.rsi,
          lineWidth: 2,
          title: `RSI ${cfg.rsi.period}`,
        },
        pane++,
      );
      for (const price of [70, 30])
        x.rsi.createPriceLine({
          price,
          color: '#5b6673',
          lineWidth: 1,
          lineStyle: 2,
          axisLabelVisible: false,
          title: '',
        });
    }
    if (cfg.macd.on && cfg.macd.fast < cfg.macd.slow) {
      x.macdHist = c.addSeries(HistogramSeries, { ...common }, pane);
      x.macd = c.addSeries(LineSeries, { ...common, color: COLORS.macd, lineWidth: 2, title: 'MACD' }, pane);
      x.macdSignal = c.addSeries(
        LineSeries,
        { ...common, color: COLORS.signal, lineWidth: 1, title: 'Signal' },
        pane,
      );
    }
    const panes = c.panes();
    panes[0]?.setStretchFactor(3);
    for (let i = 1; i < panes.length; i++) panes[i]!.setStretchFactor(1);
  }, [layoutKey]);

  // ...and fed on every change of the candles (live ticks included).
  useEffect(() => {
    const x = extra.current;
    if (computed.sma) x.sma?.setData(line(computed.sma, candles));
    if (computed.ema) x.ema?.setData(line(computed.ema, candles));
    const b = computed.bollinger;
    if (b) {
      x.bbUpper?.setData(
        line(
          b.map((v) => v?.upper ?? null),
          candles,
        ),
      );
      x.bbMiddle?.setData(
        line(
          b.map((v) => v?.middle ?? null),
          candles,
        ),
      );
      x.bbLower?.setData(
        line(
          b.map((v) => v?.lower ?? null),
          candles,
        ),
      );
    }
    if (computed.rsi) x.rsi?.setData(line(computed.rsi, candles));
    const m = computed.macd;
    if (m) {
      x.macdHist?.setData(
        m.flatMap((v, i) =>
          v
            ? [
                {
                  time: t(candles[i]!.time),
                  value: v.histogram,
                  color: v.histogram >= 0 ? '#26a69a88' : '#ef535088',
                },
              ]
            : [],
        ),
      );
      x.macd?.setData(
        line(
          m.map((v) => v?.macd ?? null),
          candles,
        ),
      );
      x.macdSignal?.setData(
        line(
          m.map((v) => v?.signal ?? null),
          candles,
        ),
      );
    }
    const last = <T,>(arr: (T | null)[] | null): T | null => (arr ? (arr[arr.length - 1] ?? null) : null);
    const lastBb = last(b);
    const lastMacd = last(m);
    onLegendRef.current?.({
      ...(computed.sma ? { sma: last(computed.sma) } : {}),
      ...(computed.ema ? { ema: last(computed.ema) } : {}),
      ...(b ? { bbUpper: lastBb?.upper ?? null, bbLower: lastBb?.lower ?? null } : {}),
      ...(computed.rsi ? { rsi: last(computed.rsi) } : {}),
      ...(m ? { macd: lastMacd?.macd ?? null, signal: lastMacd?.signal ?? null } : {}),
    });
  }, [computed, candles, layoutKey]);

  useEffect(() => {
    const m = main.current;
    if (!m) return;
    m.candles.setData(
      candles.map((c) => ({ time: t(c.time), open: c.open, high: c.high, low: c.low, close: c.close })),
    );
    m.volume.setData(
      candles.map((c) => ({
        time: t(c.time),
        value: c.volume,
        color: c.close >= c.open ? 'rgba(38,166,154,0.35)' : 'rgba(239,83,80,0.35)',
      })),
    );
    // Fit the content once per data set (symbol/timeframe), not on every live tick.
    const key = `${candles[0]?.time ?? ''}:${label}`;
    if (candles.length && fitted.current !== key) {
      fitted.current = key;
      chart.current?.timeScale().fitContent();
    }
  }, [candles, label]);

  return (
    <div ref={box} className="chart chart-candles" role="img" aria-label={label} data-testid="candle-chart" />
  );
}

export function EquityChart({
  points,
  baseValue,
  label,
  intraday,
}: {
  points: { time: number; value: number }[];
  baseValue: number;
  label: string;
  intraday: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const series = useRef<ISeriesApi<'Baseline'> | null>(null);
  const chart = useRef<IChartApi | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, baseOptions());
    series.current = c.addSeries(BaselineSeries, {
      topLineColor: COLORS.up,
      topFillColor1: 'rgba(38,166,154,0.28)',
      topFillColor2: 'rgba(38,166,154,0.02)',
      bottomLineColor: COLORS.down,
      bottomFillColor1: 'rgba(239,83,80,0.02)',
      bottomFillColor2: 'rgba(239,83,80,0.28)',
      lineWidth: 2,
    });
    chart.current = c;
    setReady(true);
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready || !series.current) return;
    series.current.applyOptions({ baseValue: { type: 'price', price: baseValue } });
    // Lightweight-charts needs strictly increasing times.
    const seen = new Set<number>();
    const data = points
      .filter((p) => (seen.has(p.time) ? false : (seen.add(p.time), true)))
      .sort((a, b) => a.time - b.time)
      .map((p) => ({ time: t(p.time), value: p.value }));
    series.current.setData(data);
    chart.current?.applyOptions({ timeScale: { timeVisible: intraday, secondsVisible: false } });
    chart.current?.timeScale().fitContent();
  }, [points, baseValue, ready, intraday]);

  return (
    <div ref={box} className="chart chart-equity" role="img" aria-label={label} data-testid="equity-chart" />
  );
}
