import { dec, mul, toFixed, type Dec } from './decimal.ts';

function group(fixed: string): string {
  const negative = fixed.startsWith('-');
  const body = negative ? fixed.slice(1) : fixed;
  const [whole, frac] = body.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '−' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

function safe(value: string | Dec | null | undefined): Dec | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    return dec(value);
  } catch {
    return null;
  }
}

/** `$1,234.56`; `—` for a missing value. */
export function money(value: string | Dec | null | undefined, opts: { signed?: boolean } = {}): string {
  const d = safe(value);
  if (!d) return '—';
  const s = group(toFixed(d, 2));
  const negative = s.startsWith('−');
  const body = negative ? s.slice(1) : s;
  if (negative) return `−$${body}`;
  return `${opts.signed && d.int !== 0n ? '+' : ''}$${body}`;
}

/** A price: 2 decimals, 4 below $1. */
export function price(value: string | Dec | null | undefined): string {
  const d = safe(value);
  if (!d) return '—';
  const abs = d.int < 0n ? -d.int : d.int;
  const places = abs < 10n ** BigInt(d.scale) ? 4 : 2;
  return group(toFixed(d, places));
}

/** A quantity without trailing zeros: `10`, `0.5`. */
export function qty(value: string | Dec | null | undefined): string {
  const d = safe(value);
  if (!d) return '—';
  const s = toFixed(d, Math.min(d.scale, 9));
  return group(s.includes('.') ? s.replace(/\.?0+$/, '') : s);
}

/** A fraction (0.0123) as a percentage: `+1.23%`. */
export function pctOfFraction(value: string | Dec | null | undefined, signed = true): string {
  const d = safe(value);
  if (!d) return '—';
  return pct(mul(d, '100'), signed);
}

/** A value already in percent (1.23) as `+1.23%`. */
export function pct(value: string | Dec | null | undefined, signed = true): string {
  const d = safe(value);
  if (!d) return '—';
  const s = toFixed(d, 2);
  const zero = /^-?0\.00$/.test(s);
  if (zero) return '0.00%';
  return (s.startsWith('-') ? '−' + s.slice(1) : (signed ? '+' : '') + s) + '%';
}

/** 'up' | 'down' | 'flat' for colouring a signed figure. */
export function trend(value: string | Dec | null | undefined): 'up' | 'down' | 'flat' {
  const d = safe(value);
  if (!d || d.int === 0n) return 'flat';
  return d.int > 0n ? 'up' : 'down';
}

const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const shortFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A compact time for tables: the time today, the date and minute before. */
export function stamp(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toDateString() === now.toDateString() ? timeFmt.format(d) : shortFmt.format(d);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFmt.format(d);
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(s)) return iso;
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** Seconds as `3 d 4 h`, `5 h 2 min`, `40 s`. */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
