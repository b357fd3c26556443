import { useMemo } from 'react';
import { controlServices, controlUptime, platformHealth } from '../api/endpoints.ts';
import { useSession } from '../state/session.tsx';
import { useInterval, useResource } from '../state/useResource.ts';
import { ago, dateTime, duration } from '../lib/format.ts';
import { Badge, Card, Empty, Loading, Page, View } from '../components/ui.tsx';
import { DataTable, num } from '../components/table.tsx';

const pctText = (v: number | null) => (v === null ? '—' : `${v.toFixed(v >= 99.995 ? 0 : 2)}%`);

export function SystemPage() {
  const { isAdmin, user } = useSession();
  const health = useResource(isAdmin ? 'health' : null, platformHealth);
  const uptime = useResource(isAdmin ? 'uptime' : null, async () => (await controlUptime()).data);
  const services = useResource(isAdmin ? 'services' : null, async () => (await controlServices()).data);
  useInterval(
    () => {
      void health.reload();
      void uptime.reload();
      void services.reload();
    },
    10_000,
    isAdmin,
  );

  const started = useMemo(() => {
    const m = new Map<string, { startedAt: string; count: number; version: string }>();
    for (const s of services.data ?? []) {
      const oldest = [...s.instances].sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0];
      if (oldest)
        m.set(s.service, { startedAt: oldest.startedAt, count: s.instances.length, version: oldest.version });
    }
    return m;
  }, [services.data]);

  if (!user) return <Loading />;
  if (!isAdmin)
    return (
      <div className="page">
        <h1>System</h1>
        <Empty>The system page is for administrators.</Empty>
      </div>
    );

  return (
    <Page
      title="System"
      aside={
        health.data ? (
          <span>
            <Badge tone={health.data.status === 'ok' ? 'ok' : 'bad'}>
              <span data-testid="platform-status">{health.data.status}</span>
            </Badge>{' '}
            <span className="muted">{health.data.mode} mode</span>
          </span>
        ) : null
      }
    >
      <Card title="Services">
        <View
          res={uptime}
          label="Loading service health…"
          isEmpty={(d) => d.length === 0}
          empty="The health monitor has no services yet."
        >
          {(rows) => (
            <DataTable
              testId="services-table"
              caption="Health and uptime per service, from the control service"
              columns={[
                'Service',
                'Status',
                num('Uptime 1 h'),
                num('Uptime 24 h'),
                num('Latency'),
                'Running for',
                'Last check',
                'Error',
              ]}
            >
              {rows.map((r) => {
                const ready = health.data?.services[r.service];
                const inst = started.get(r.service);
                return (
                  <tr key={r.service}>
                    <th scope="row">
                      {r.service}
                      {ready?.required ? <span className="muted small"> required</span> : null}
                    </th>
                    <td>
                      <Badge tone={r.status === 'up' ? 'ok' : r.status === 'down' ? 'bad' : 'neutral'}>
                        {r.status}
                      </Badge>
                      {ready && ready.status !== r.status ? (
                        <span className="small muted"> (gateway sees {ready.status})</span>
                      ) : null}
                    </td>
                    <td className="num">{pctText(r.uptime1h)}</td>
                    <td className="num">{pctText(r.uptime24h)}</td>
                    <td className="num">{r.lastLatencyMs === null ? '—' : `${r.lastLatencyMs} ms`}</td>
                    <td>
                      {inst ? (
                        <span
                          title={`since ${dateTime(inst.startedAt)}, ${inst.count} instance(s), ${inst.version}`}
                        >
                          {duration(Date.now() - new Date(inst.startedAt).getTime())}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{ago(r.lastCheckedAt)}</td>
                    <td className="small down">{r.lastError ?? ''}</td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </View>
        <p className="muted small">Sampled by the control service's health monitor; refreshed every 10 s.</p>
      </Card>
      <Card title="Instances">
        <View res={services} isEmpty={(d) => d.length === 0} empty="No registered instances.">
          {(list) => (
            <DataTable
              caption="Registered service instances"
              columns={['Service', 'Instance', 'URL', 'Version', 'Started', 'Heartbeat']}
            >
              {list.flatMap((s) =>
                s.instances.map((i) => (
                  <tr key={i.instanceId}>
                    <th scope="row">{s.service}</th>
                    <td>
                      <code className="small">{i.instanceId.slice(0, 12)}</code>{' '}
                      <span className="muted small">pid {i.pid}</span>
                    </td>
                    <td className="small">{i.url}</td>
                    <td>{i.version}</td>
                    <td>{dateTime(i.startedAt)}</td>
                    <td>{ago(i.lastHeartbeat)}</td>
                  </tr>
                )),
              )}
            </DataTable>
          )}
        </View>
      </Card>
    </Page>
  );
}
