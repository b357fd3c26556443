/**
 * The one WebSocket of the dashboard: `/v1/stream` (docs/realtime.md). Authenticates with
 * `?token=<access token>`, subscribes the channels the mounted pages want (reference-counted), and
 * keeps the connection:
 * - reconnects with exponential backoff and full jitter (0.25 s … 30 s), at once when the browser
 *   comes back online;
 * - resubscribes with `resumeFrom` = the last account-event `seq` it saw, so orders, positions,
 *   portfolio, notifications and alerts events missed while away are replayed (duplicates dropped);
 * - on close 4001 (token refused) refreshes the access token before reconnecting;
 * - on SLOW_CONSUMER resumes from the seq the server names; on RESUME_TOO_OLD, or a reconnect
 *   with nothing to resume from, tells listeners to reload over REST (`onResync`);
 * - closes and reconnects when neither heartbeat nor data arrived for two heartbeat intervals.
 *
 * The stream contract in this file is hand-typed from docs/realtime.md (it is not in the OpenAPI).
 */

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** Market messages use Alpaca's stream field names. */
export interface StreamQuote {
  S: string;
  bp: number | string;
  bs?: number;
  ap: number | string;
  as?: number;
  t: string;
}
export interface StreamTrade {
  S: string;
  p: number | string;
  s?: number;
  t: string;
}
export interface StreamBar {
  S: string;
  o: number | string;
  h: number | string;
  l: number | string;
  c: number | string;
  v: number;
  t: string;
}

export type ServerMessage =
  | { type: 'welcome'; userId: string; heartbeatMs: number }
  | { type: 'ack'; id?: string; subscribed: string[] }
  | { type: 'pong'; id?: string; ts: number }
  | { type: 'heartbeat'; ts: number }
  | { type: 'error'; id?: string; code: string; message?: string; channel?: string; resumeFrom?: string }
  | { type: 'quote'; channel: string; data: StreamQuote }
  | { type: 'trade'; channel: string; data: StreamTrade }
  | { type: 'bar'; channel: string; data: StreamBar }
  | { type: 'event'; channel: string; seq: string; event: string; data: unknown };

export type ChannelMessage = Extract<ServerMessage, { channel: string }>;
export type Listener = (msg: ChannelMessage) => void;

export const ACCOUNT_CHANNELS = ['orders', 'positions', 'portfolio', 'notifications', 'alerts'] as const;

interface SocketLike {
  readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface StreamOptions {
  /** ws(s)://host/v1/stream, without the token. */
  url: () => string;
  /** The access token; `force` asks for a refreshed one (after a 4001). Null: signed out, stop. */
  token: (force: boolean) => Promise<string | null>;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

const OPEN = 1;

export class StreamClient {
  private readonly opts: Required<Omit<StreamOptions, 'url' | 'token'>> &
    Pick<StreamOptions, 'url' | 'token'>;
  private ws: SocketLike | null = null;
  private readonly wanted = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(s: StreamStatus) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly errorListeners = new Set<(e: Extract<ServerMessage, { type: 'error' }>) => void>();
  private readonly recentSeqs: string[] = [];
  private readonly seenSeqs = new Set<string>();
  private lastSeq: string | undefined;
  private attempt = 0;
  private everConnected = false;
  private heartbeatMs = 15_000;
  private lastMessageAt = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private forceRefresh = false;
  private running = false;
  private _status: StreamStatus = 'idle';
  /** Channels the server confirmed in its last ack. */
  subscribed: readonly string[] = [];

  constructor(opts: StreamOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      random: Math.random,
      minDelayMs: 250,
      maxDelayMs: 30_000,
      ...opts,
    };
  }

  get status(): StreamStatus {
    return this._status;
  }

  private setStatus(s: StreamStatus): void {
    if (s === this._status) return;
    this._status = s;
    for (const l of this.statusListeners) l(s);
  }

  onStatus(l: (s: StreamStatus) => void): () => void {
    this.statusListeners.add(l);
    return () => {
      this.statusListeners.delete(l);
    };
  }

  /** Called when events may have been missed and cannot be replayed: reload over REST. */
  onResync(l: () => void): () => void {
    this.resyncListeners.add(l);
    return () => {
      this.resyncListeners.delete(l);
    };
  }

  onError(l: (e: Extract<ServerMessage, { type: 'error' }>) => void): () => void {
    this.errorListeners.add(l);
    return () => {
      this.errorListeners.delete(l);
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  /** Closes for good (sign-out): forgets the resume point too, it belongs to the user. */
  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.close(1000, 'bye');
    }
    this.lastSeq = undefined;
    this.recentSeqs.length = 0;
    this.seenSeqs.clear();
    this.everConnected = false;
    this.attempt = 0;
    this.subscribed = [];
    this.setStatus('stopped');
  }

  /** Reconnect now (the browser came back online, or the user asked). */
  kick(): void {
    if (!this.running || this._status === 'live' || this._status === 'connecting') return;
    clearTimeout(this.retryTimer);
    void this.connect();
  }

  subscribe(channel: string, listener: Listener): () => void {
    let set = this.wanted.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.wanted.set(channel, set);
    }
    set.add(listener);
    if (first && this._status === 'live') this.send({ type: 'subscribe', channels: [channel] });
    return () => {
      const s = this.wanted.get(channel);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) {
        this.wanted.delete(channel);
        if (this._status === 'live') this.send({ type: 'unsubscribe', channels: [channel] });
      }
    };
  }

  private send(msg: Record<string, unknown>): void {
    if (this.ws?.readyState !== OPEN) return;
    this.ws.send(JSON.stringify({ id: String(this.nextId++), ...msg }));
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    this.setStatus(this.everConnected || this.attempt > 0 ? 'reconnecting' : 'connecting');
    let token: string | null;
    try {
      token = await this.opts.token(this.forceRefresh);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.forceRefresh = false;
    if (!this.running) return;
    if (!token) {
      this.stop();
      return;
    }
    let ws: SocketLike;
    try {
      ws = this.opts.createSocket(`${this.opts.url()}?token=${encodeURIComponent(token)}`);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    this.lastMessageAt = Date.now();
    ws.onmessage = (ev) => this.handle(ev.data);
    ws.onerror = () => {};
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.watchdog);
      this.watchdog = undefined;
      this.subscribed = [];
      if (!this.running) return;
      if (ev.code === 4001) this.forceRefresh = true;
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    this.setStatus('reconnecting');
    const cap = Math.min(this.opts.maxDelayMs, this.opts.minDelayMs * 2 ** this.attempt);
    const delay = Math.max(this.opts.minDelayMs, Math.floor(this.opts.random() * cap));
    this.attempt++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private handle(raw: unknown): void {
    this.lastMessageAt = Date.now();
    let msg: ServerMessage;
    try {
      msg = JSON.parse(typeof raw === 'string' ? raw : String(raw)) as ServerMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'welcome':
        this.onWelcome(msg.heartbeatMs);
        return;
      case 'ack':
        this.subscribed = msg.subscribed;
        return;
      case 'pong':
      case 'heartbeat':
        return;
      case 'error':
        if (msg.code === 'SLOW_CONSUMER' && msg.resumeFrom) this.lastSeq = msg.resumeFrom;
        if (msg.code === 'RESUME_TOO_OLD') {
          this.lastSeq = undefined;
          this.emitResync();
        }
        for (const l of this.errorListeners) l(msg);
        return;
      case 'event':
        if (this.seenSeqs.has(msg.seq)) return;
        this.remember(msg.seq);
        this.dispatch(msg);
        return;
      case 'quote':
      case 'trade':
      case 'bar':
        this.dispatch(msg);
        return;
      default:
        return;
    }
  }

  private onWelcome(heartbeatMs: number): void {
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.attempt = 0;
    if (Number.isFinite(heartbeatMs) && heartbeatMs > 0) this.heartbeatMs = heartbeatMs;
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastMessageAt > 2 * this.heartbeatMs) this.ws?.close(4000, 'heartbeat timeout');
    }, this.heartbeatMs);
    this.setStatus('live');
    const channels = [...this.wanted.keys()];
    if (channels.length)
      this.send({ type: 'subscribe', channels, ...(this.lastSeq ? { resumeFrom: this.lastSeq } : {}) });
    // Away without a resume point: whatever happened meanwhile can only be read over REST.
    if (reconnect && !this.lastSeq) this.emitResync();
  }

  private remember(seq: string): void {
    this.lastSeq = seq;
    this.seenSeqs.add(seq);
    this.recentSeqs.push(seq);
    if (this.recentSeqs.length > 2000) this.seenSeqs.delete(this.recentSeqs.shift()!);
  }

  private emitResync(): void {
    for (const l of this.resyncListeners) l();
  }

  private dispatch(msg: ChannelMessage): void {
    const set = this.wanted.get(msg.channel);
    if (!set) return;
    for (const l of [...set]) l(msg);
  }
}

export function streamUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/v1/stream`;
}
