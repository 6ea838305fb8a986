// A run's monitors (/runs/:id/monitors), loaded on demand: one card per monitor with its state, value against the
// threshold, recent values (echarts, itself lazy) and alerts. Workers evaluate monitors in other processes, so the
// page follows `/events?view=monitors`, which sends the whole view whenever a monitor moved.
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonitorsView } from '../../server/api-types.js';
import { api } from '../api.js';
import { pickText } from '../i18n.js';
import { useLoad } from '../use-load.js';
import { Header } from './after-launch.js';
import { useErrorText } from './login.js';
import './after-launch-text.js';
import { useMoment } from '../moment.js';

const Sparkline = lazy(() => import('../charts.js').then((module) => ({ default: module.Sparkline })));

type MonitorRow = MonitorsView['monitors'][number];
type DisplayState = MonitorRow['state'];

const stateLook: Record<DisplayState, { color: string; line: string; key: string }> = {
  never: { color: 'default', line: '#8c8c8c', key: 'msNever' },
  ok: { color: 'success', line: '#52c41a', key: 'msOk' },
  breaching: { color: 'orange', line: '#fa8c16', key: 'msBreaching' },
  firing: { color: 'red', line: '#ff4d4f', key: 'msFiring' },
  resolved: { color: 'cyan', line: '#13c2c2', key: 'msResolved' },
  inconclusive: { color: 'purple', line: '#722ed1', key: 'msInconclusive' },
};

/** The monitors view as the API answers it, then as the stream pushes it; whether the stream is open. */
function useMonitors(runId: string): { view: MonitorsView | undefined; error: unknown; live: boolean } {
  const { data, error } = useLoad(() => api.get<{ monitors: MonitorsView }>(`/api/v1/runs/${runId}/monitors`), [runId]);
  const [pushed, setPushed] = useState<MonitorsView>();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/v1/runs/${runId}/events?view=monitors`);
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('monitors', (event) => setPushed((JSON.parse((event as MessageEvent<string>).data) as { monitors: MonitorsView }).monitors));
    return () => source.close();
  }, [runId]);
  return { view: pushed ?? data?.monitors, error, live };
}

function MonitorCard({ runId, row, scheduled, when }: { runId: string; row: MonitorRow; scheduled: boolean; when: (at: number) => string }) {
  const { t, i18n } = useTranslation();
  const look = stateLook[row.state];
  const alerts = row.alerts;
  return (
    <Card
      size="small"
      data-monitor={row.id}
      data-state={row.state}
      style={{ height: '100%', borderTop: `3px solid ${look.line}` }}
      title={
        <Space wrap size={4} style={{ whiteSpace: 'normal' }}>
          <Tag color={look.color} data-testid="monitor-state">{t(look.key)}</Tag>
          <span>{row.metric}</span>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>{row.id}</Typography.Text>
          {!row.inPlan && <Tag>{t('notInPlan')}</Tag>}
        </Space>
      }
    >
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Space wrap align="baseline" size={8}>
          <Typography.Text strong style={{ fontSize: 24, color: row.state === 'never' ? undefined : look.line }} data-testid="monitor-value">{row.valueText ?? '—'}</Typography.Text>
          <Typography.Text type="secondary">{t('threshold')}</Typography.Text>
          {row.threshold ? <Typography.Text code>{row.threshold}</Typography.Text> : <Typography.Text type="secondary">{t('thresholdByCheck')}</Typography.Text>}
          {row.clearWhen && <Typography.Text code>{row.clearWhen}</Typography.Text>}
        </Space>
        {row.state === 'breaching' && row.for && <Typography.Text type="warning">{t('msBreachingHelp', { for: row.for })}</Typography.Text>}
        {row.history.filter((point) => point.value !== null).length >= 2 && (
          <div data-testid="sparkline" aria-label={t('recentValues', { count: row.history.length })}>
            <Suspense fallback={<div style={{ height: 64 }} />}>
              <Sparkline points={row.history} bound={row.bound?.value ?? null} unit={row.unit} color={look.line} label={when} />
            </Suspense>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('recentValues', { count: row.history.length })}</Typography.Text>
          </div>
        )}
        {row.reason && row.state !== 'ok' && row.state !== 'resolved' && <Alert type={row.state === 'firing' ? 'error' : 'warning'} title={pickText(row.reason, i18n.language)} style={{ wordBreak: 'break-word' }} />}
        {!row.hasCheck && row.inPlan && row.state === 'never' && <Typography.Text type="secondary">{t('noCheck')}</Typography.Text>}
        {scheduled && row.state === 'never' && row.nextDueAt === null && <Typography.Text type="secondary" data-testid="not-scheduled">{t('notScheduled', { runId })}</Typography.Text>}
        <Descriptions
          size="small"
          column={1}
          items={[
            ...(row.changedAt === null ? [] : [{ key: 'since', label: t('changedAt'), children: when(row.changedAt) }]),
            ...(row.evaluatedAt === null ? [] : [{ key: 'evaluated', label: t('lastEvaluated'), children: `${when(row.evaluatedAt)} · ${t('evaluations', { count: row.evaluations })}` }]),
            { key: 'for', label: t('forClear'), children: `${row.for ?? t('atOnce')} / ${row.clearFor ?? t('clearDefault')} · ${row.schedule}` },
            { key: 'notify', label: t('notifies'), children: row.notify.length ? <Space wrap size={2}>{row.notify.map((target) => <Tag key={target.id}>{target.id} · {target.type}</Tag>)}</Space> : '—' },
            {
              key: 'alerts',
              label: t('alerts'),
              children: (
                <span data-testid="monitor-alerts">
                  {alerts.lastAt === null ? t('noAlertSent') : t('alertsSent', { count: alerts.count, at: when(alerts.lastAt), to: alerts.lastTo.join(', ') })}
                  {alerts.undelivered.length > 0 && <Typography.Text type="danger"> · {t('undelivered', { targets: alerts.undelivered.join(', ') })}</Typography.Text>}
                </span>
              ),
            },
            ...(row.nextDueAt === null ? [] : [{ key: 'next', label: t('nextEvaluation'), children: <span>{when(row.nextDueAt)} {row.overdue && <Tag color="warning">{t('overdue')}</Tag>}</span> }]),
          ]}
        />
      </Space>
    </Card>
  );
}

/** What to do when nothing is evaluating: how to start monitors, that a worker is awaited, or that none is running. */
function Guidance({ runId, view, when }: { runId: string; view: MonitorsView; when: (at: number) => string }) {
  const { t } = useTranslation();
  const evaluated = view.monitors.some((row) => row.evaluations > 0);
  const overdue = view.monitors.filter((row) => row.overdue && row.nextDueAt !== null);
  if (view.until === null && !evaluated) {
    return (
      <Alert
        data-testid="monitors-not-started"
        type="info"
        showIcon
        title={t('monitorsNotStarted')}
        description={
          <Space orientation="vertical" size={2} style={{ maxWidth: '100%' }}>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{`golive monitor start --run ${runId}`}</Typography.Text>
            <Typography.Text code copyable>golive worker</Typography.Text>
          </Space>
        }
      />
    );
  }
  if (overdue.length > 0) return <Alert data-testid="monitors-overdue" type="warning" showIcon title={t('monitorsOverdue', { since: when(Math.min(...overdue.map((row) => row.nextDueAt ?? 0))) })} />;
  if (!evaluated && view.until !== null) return <Alert type="info" showIcon title={t('monitorsWaiting', { until: when(view.until) })} />;
  return null;
}

export function MonitorsPage({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { view, error, live } = useMonitors(runId);
  const zone = view?.timeZone;
  // Stable for a zone and language, so a chart is drawn again only when its values change.
  const moment = useMoment(zone);
  const when = useCallback((at: number) => moment(at, 'short'), [moment]);
  if (error) return <Alert type="error" title={errorText(error)} />;
  if (!view) return null;
  const counts = (Object.keys(stateLook) as DisplayState[]).map((state) => [state, view.monitors.filter((row) => row.state === state).length] as const).filter(([, count]) => count > 0);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Header runId={runId} current="monitors" live={live} />
      {view.monitors.length === 0 ? (
        <Empty description={t('monitorsNone')} />
      ) : (
        <>
          <Space wrap size={4} data-testid="monitor-counts">
            {counts.map(([state, count]) => (
              <Tag key={state} color={stateLook[state].color}>{t(stateLook[state].key)}: {count}</Tag>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('monitorsLiveHelp', { zone: view.timeZone })}</Typography.Text>
          </Space>
          <Guidance runId={runId} view={view} when={when} />
          <Row gutter={[12, 12]}>
            {view.monitors.map((row) => (
              <Col key={row.id} xs={24} md={12} xl={8}>
                <MonitorCard runId={runId} row={row} scheduled={view.until !== null} when={when} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </Space>
  );
}
