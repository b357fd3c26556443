import { WebSocket } from 'ws';

const WAIT_MS = 8_000;

export type Msg = Record<string, any>;

/** A test client of `/v1/stream` that records every message (a frame may hold an array of messages). */
export class StreamClient {
  readonly messages: Msg[] = [];
  closeCode: number | undefined;
  readonly #waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const parsed = JSON.parse(data.toString()) as Msg | Msg[];
      this.messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      this.#wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.#wake();
    });
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
    const ws = new WebSocket(url, { headers });
    const c = new StreamClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  /** Connects with the given upgrade headers and waits for the welcome. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
    const c = await StreamClient.connect(url, headers);
    await c.next((m) => m.type === 'welcome');
    return c;
  }

  #wake() {
    for (const w of this.#waiters.splice(0)) w();
  }

  send(msg: unknown) {
    this.ws.send(JSON.stringify(msg));
  }

  /** The first message from index `from` on that matches. */
  async next(match: (m: Msg) => boolean, from = 0): Promise<Msg> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (this.closeCode !== undefined)
        throw new Error(`closed (${this.closeCode}); got ${JSON.stringify(this.messages)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async closed(): Promise<number> {
    await this.next(() => false).catch(() => undefined);
    return this.closeCode!;
  }

  async subscribe(channels: string[], extra: Msg = {}): Promise<Msg> {
    const id = `s${this.messages.length}`;
    const from = this.messages.length;
    this.send({ type: 'subscribe', id, channels, ...extra });
    return this.next((m) => m.type === 'ack' && m.id === id, from);
  }

  events(channel?: string): Msg[] {
    return this.messages.filter((m) => m.type === 'event' && (!channel || m.channel === channel));
  }

  close() {
    this.ws.terminate();
  }
}
