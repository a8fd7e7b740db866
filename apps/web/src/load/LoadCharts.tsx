import { useStrings } from '../i18n/useStrings.ts';
import { tcpTone } from '../view/tcpTone.ts';
import { LineChart } from './LineChart.tsx';
import type { LoadSampleView } from './loadFold.ts';
import { queueSeries, rateSeries, stateSeries } from './series.ts';

/** The run's samples as three charts: sockets per TCP state, the accept queue against the backlog, connections per second. */
export function LoadCharts({
  samples,
  port,
  clients,
}: {
  samples: readonly LoadSampleView[];
  port: number;
  clients: number;
}) {
  const t = useStrings();
  const last = samples.at(-1);
  if (last === undefined) return <p className="load-empty">{t('load.noSamples')}</p>;
  const xMax = Math.max(1, last.atMs);
  const states = stateSeries(samples);
  const queue = queueSeries(samples);
  const rate = rateSeries(samples);
  const latestQueue = samples.findLast((s) => s.acceptQueue !== null);
  return (
    <div className="load-charts">
      <figure className="load-figure">
        <figcaption>{t('load.statesTitle', { port })}</figcaption>
        <LineChart
          testId="load-states"
          title={t('load.statesTitle', { port })}
          lines={states.series.map((s, i) => ({
            ...s,
            className: `tone-${tcpTone(s.state)} dash-${i % 3}`,
            label: `${s.state}: ${last.states[s.state] ?? 0}`,
          }))}
          xMax={xMax}
          yMax={Math.max(1, states.max)}
          xLabel={t('load.timeAxis')}
          yLabel={t('load.statesAxis')}
        />
        <ul className="load-legend">
          {states.series.map((s, i) => (
            <li key={s.state} className={`tone-${tcpTone(s.state)} dash-${i % 3}`} data-state={s.state}>
              <span className="swatch" /> {s.state} <strong>{(last.states[s.state] ?? 0).toLocaleString()}</strong>
            </li>
          ))}
        </ul>
      </figure>
      <figure className="load-figure">
        <figcaption>{t('load.queueTitle')}</figcaption>
        <LineChart
          testId="load-queue"
          title={t('load.queueTitle')}
          lines={[
            { ...queue.backlog, className: 'tone-listen dash-1', label: 'backlog' },
            { ...queue.queue, className: 'tone-opening', label: 'accept queue' },
          ]}
          xMax={xMax}
          yMax={queue.max}
          xLabel={t('load.timeAxis')}
          yLabel={t('load.statesAxis')}
        />
        <p className="load-note" data-testid="load-queue-now">
          {last.acceptQueue === null
            ? t('load.queueNone')
            : t('load.queueNow', { queue: last.acceptQueue, backlog: last.backlog ?? '—' })}
          {latestQueue && last.acceptQueue === null
            ? ` (${latestQueue.acceptQueue}/${latestQueue.backlog ?? '—'})`
            : ''}
        </p>
      </figure>
      <figure className="load-figure">
        <figcaption>{t('load.rateTitle')}</figcaption>
        <LineChart
          testId="load-rate"
          title={t('load.rateTitle')}
          lines={[{ ...rate.rate, className: 'tone-established', label: 'connections/s' }]}
          xMax={xMax}
          yMax={Math.max(1, rate.peak)}
          xLabel={t('load.timeAxis')}
          yLabel="/s"
        />
        <p className="load-note">
          {t('load.ratePeak', {
            rate: Math.round(rate.peak).toLocaleString(),
            connected: last.connected.toLocaleString(),
            clients: clients.toLocaleString(),
          })}
        </p>
      </figure>
    </div>
  );
}
