import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { accessToken, refresh } from '../api/session.ts';
import { StreamClient, streamUrl, type ChannelMessage, type StreamStatus } from '../stream/stream.ts';

interface StreamValue {
  client: StreamClient | null;
  status: StreamStatus;
}

const StreamContext = createContext<StreamValue>({ client: null, status: 'idle' });

/** One stream per signed-in session; closed on sign-out. */
export function StreamProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [value, setValue] = useState<StreamValue>({ client: null, status: 'idle' });

  useEffect(() => {
    if (!enabled) return;
    const client = new StreamClient({
      url: () => streamUrl(),
      token: (force) => (force ? refresh() : accessToken()),
    });
    setValue({ client, status: client.status });
    const off = client.onStatus((status) => setValue({ client, status }));
    const online = () => client.kick();
    const visible = () => document.visibilityState === 'visible' && client.kick();
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visible);
    client.start();
    return () => {
      off();
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', visible);
      client.stop();
      setValue({ client: null, status: 'idle' });
    };
  }, [enabled]);

  return <StreamContext.Provider value={value}>{children}</StreamContext.Provider>;
}

export function useStream(): StreamValue {
  return useContext(StreamContext);
}

/** Listens to one channel while mounted (null: none). The listener may change between renders. */
export function useChannel(channel: string | null, listener: (msg: ChannelMessage) => void): void {
  const { client } = useStream();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    if (!client || !channel) return;
    return client.subscribe(channel, (m) => ref.current(m));
  }, [client, channel]);
}

/** Listens to many channels (e.g. the quotes of every position). */
export function useChannels(channels: readonly string[], listener: (msg: ChannelMessage) => void): void {
  const { client } = useStream();
  const ref = useRef(listener);
  ref.current = listener;
  const key = [...new Set(channels)].sort().join(',');
  useEffect(() => {
    if (!client || !key) return;
    const offs = key.split(',').map((c) => client.subscribe(c, (m) => ref.current(m)));
    return () => offs.forEach((off) => off());
  }, [client, key]);
}

/** Calls `fn` when the stream says events were missed and the page should reload over REST. */
export function useResync(fn: () => void): void {
  const { client } = useStream();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => client?.onResync(() => ref.current()), [client]);
}

export function useStreamLive(): boolean {
  return useStream().status === 'live';
}
