import { useStrings } from '../i18n/useStrings.ts';
import type { LoadTallyView } from './loadFold.ts';

/** Every call of the run, counted by actor, call and the kernel's answer; the total beside what was planned. */
export function TallyTable({ tally }: { tally: LoadTallyView }) {
  const t = useStrings();
  return (
    <section className="load-tally" data-testid="load-tally" data-made={tally.made} data-planned={tally.planned}>
      <h3>{t('load.tallyTitle')}</h3>
      <table className="load-table">
        <thead>
          <tr>
            <th scope="col">{t('load.actor')}</th>
            <th scope="col">{t('load.call')}</th>
            <th scope="col">{t('load.returned')}</th>
            <th scope="col">{t('load.blocked')}</th>
            <th scope="col">{t('load.count')}</th>
          </tr>
        </thead>
        <tbody>
          {tally.results.map((r) => (
            <tr
              key={`${r.actor} ${r.syscall} ${r.ret} ${r.errno}`}
              data-testid="load-result"
              data-errno={r.errno ?? ''}
            >
              <td>{t(`load.actors.${r.actor}`)}</td>
              <td>
                <code>{r.syscall}()</code>
              </td>
              <td>
                <code>{r.errno !== null ? `-1 ${r.errno}` : r.ret === 'fd' ? t('load.fd') : r.ret}</code>
              </td>
              <td className="num">{r.blocked.toLocaleString()}</td>
              <td className="num">{r.count.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="load-total" data-testid="load-total">
        {t('load.total', {
          made: tally.made.toLocaleString(),
          planned: tally.planned.toLocaleString(),
          clients: tally.clients.toLocaleString(),
          ms: tally.durationMs.toFixed(0),
          peak: tally.peakSockets.toLocaleString(),
        })}
      </p>
      {tally.refused !== null && (
        <p className="check-warning" role="alert">
          {t('load.refused', { why: tally.refused })}
        </p>
      )}
    </section>
  );
}
