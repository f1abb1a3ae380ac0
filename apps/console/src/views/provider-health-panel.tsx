import { useEffect, useState } from 'react';
import {
  ApiError,
  conditionalGet,
  type ChannelHealth,
  type ProviderHealth,
  type ProviderHealthBoard,
} from '../api/client';
import { useSession } from '../console-context';

/** How often the panel asks again: the dispatchers report every 5 s and on each circuit change. */
export const PROVIDER_HEALTH_POLL_MS = 3_000;

const CHANNEL_NAMES: Readonly<Record<ChannelHealth['channel'], string>> = {
  sms: 'SMS and MMS',
  email: 'Email',
  voice: 'Calls and voicemail',
};

const CIRCUIT_NAMES: Readonly<Record<ProviderHealth['circuit'], string>> = {
  closed: 'closed',
  half_open: 'half-open',
  open: 'open',
};

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);
const millis = (ms: number | null) => (ms === null ? '—' : `${ms} ms`);

/**
 * The platform's providers per channel, as the dispatchers last reported them
 * (`GET /api/v1/providers/health`): circuit, recent error rate and latency. Not tenant events,
 * so not on the live stream: asked again every few seconds with its ETag while shown.
 */
export function ProviderHealthPanel() {
  const { api } = useSession();
  const [board, setBoard] = useState<ProviderHealthBoard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let etag: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const load = async () => {
      try {
        const answer = await conditionalGet(
          (init) => api.GET('/api/v1/providers/health', init),
          etag,
        );
        if (stopped) return;
        if (answer.status === 'changed') {
          etag = answer.etag ?? undefined;
          setBoard(answer.data);
        }
        setError(null);
      } catch (err) {
        if (!stopped) setError(err instanceof ApiError ? err.message : String(err));
      }
      if (!stopped) timer = setTimeout(() => void load(), PROVIDER_HEALTH_POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api]);

  return (
    <section className="panel" aria-labelledby="providers-title">
      <h2 id="providers-title">Provider health</h2>
      <p className="hint">
        Each channel&apos;s providers in the order a send tries them, over the last 10 seconds of
        calls. The same for every account.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {board === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : (
        <div className="provider-health">
          {board.channels.map((c) => (
            <ChannelTable key={c.channel} health={c} />
          ))}
        </div>
      )}
    </section>
  );
}

function ChannelTable({ health }: { health: ChannelHealth }) {
  const name = CHANNEL_NAMES[health.channel];
  if (health.replicas === 0) {
    return (
      <section className="channel-health" data-channel={health.channel}>
        <h3>{name}</h3>
        <p className="hint">No dispatcher has reported yet.</p>
      </section>
    );
  }
  return (
    <section className="channel-health" data-channel={health.channel}>
      <h3>{name}</h3>
      <table className="providers">
        <caption>
          {health.replicas === 1 ? '1 dispatcher' : `${health.replicas} dispatchers`}, reported at{' '}
          {health.reported_at ? new Date(health.reported_at).toLocaleTimeString() : '—'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Circuit</th>
            <th scope="col">Errors</th>
            <th scope="col">Latency</th>
            <th scope="col">Calls</th>
          </tr>
        </thead>
        <tbody>
          {health.providers.map((p) => (
            <tr key={p.name} data-provider={p.name}>
              <th scope="row">
                {p.name}
                {p.demoted && <span className="badge">demoted</span>}
              </th>
              <td>
                <span className={`chip circuit-${p.circuit}`} data-circuit={p.circuit}>
                  {CIRCUIT_NAMES[p.circuit]}
                </span>
                {health.replicas > 1 && p.circuits.open > 0 && (
                  <span className="hint"> on {p.circuits.open}</span>
                )}
              </td>
              <td className="error-rate">{percent(p.error_rate)}</td>
              <td className="latency">{millis(p.mean_latency_ms)}</td>
              <td>{p.calls}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
