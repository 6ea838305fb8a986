// The after-launch views of a run, loaded on demand: the rollout timeline (/runs/:id/rollout) and the
// inspection grid (/runs/:id/inspections). Both follow the run's event stream and refresh while something moves.
// The monitors view (/runs/:id/monitors) is monitors.tsx.
import { Alert, Button, Card, Descriptions, Drawer, Empty, Input, List, Modal, Progress, Space, Steps, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectionsView, RolloutView } from '../../server/api-types.js';
import { api } from '../api.js';
import { pickText } from '../i18n.js';
import { navigate } from '../router.js';
import { useAct, useLoad } from '../use-load.js';
import { useErrorText } from './login.js';
import './after-launch-text.js';
import { useMoment } from '../moment.js';

type RolloutState = NonNullable<RolloutView['state']>;
type JobView = InspectionsView['jobs'][number];

/** 86400000 → "1d", 5400000 → "1h 30m": the plan's own units. */
export function shortDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000));
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** Reloads on every event of the run's stream (the audit trail moved: a decision, a command) and every `pollMs` while `moving`. */
function useFollow(runId: string, reload: () => Promise<void>, moving: boolean, pollMs = 2_000): boolean {
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/v1/runs/${runId}/events`);
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('run', () => void reload());
    return () => source.close();
  }, [runId, reload]);
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void reload(), pollMs);
    return () => clearInterval(timer);
  }, [moving, reload, pollMs]);
  return live;
}

const afterLaunchViews = { rollout: 'rolloutTitle', inspections: 'inspectionsTitle', monitors: 'monitorsTitle' } as const;

/** The title of an after-launch view, whether its stream is live, and links to the run and the other two views. */
export function Header({ runId, current, live }: { runId: string; current: keyof typeof afterLaunchViews; live: boolean }) {
  const { t } = useTranslation();
  return (
    <Space wrap align="center">
      <Typography.Title level={3} style={{ margin: 0 }}>{t(afterLaunchViews[current])}</Typography.Title>
      <Tag>{runId}</Tag>
      <Tag color={live ? 'processing' : 'default'}>{t('live')}</Tag>
      <Button type="link" onClick={() => navigate(`/runs/${runId}`)}>{t('backToRun')}</Button>
      {Object.entries(afterLaunchViews)
        .filter(([view]) => view !== current)
        .map(([view, title]) => (
          <Button key={view} type="link" data-view-link={view} onClick={() => navigate(`/runs/${runId}/${view}`)}>{t(title)}</Button>
        ))}
    </Space>
  );
}

const statusColor = { running: 'processing', waiting: 'gold', paused: 'warning', aborted: 'error', completed: 'success' } as const;
const statusKey = { running: 'rsRunning', waiting: 'rsWaiting', paused: 'rsPaused', aborted: 'rsAborted', completed: 'rsCompleted' } as const;

/** Monitor values an event quotes (`error_rate=0.012`), as tags. */
function Values({ values }: { values: unknown }) {
  if (values === null || typeof values !== 'object') return null;
  return (
    <Space wrap size={2}>
      {Object.entries(values as Record<string, number | null>).map(([name, value]) => (
        <Tag key={name} data-value={name}>{name}={value === null ? '∅' : Number(value.toPrecision(4))}</Tag>
      ))}
    </Space>
  );
}

function RolloutActions({ runId, state, act }: { runId: string; state: RolloutState; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const [aborting, setAborting] = useState(false);
  const [reason, setReason] = useState('');
  const final = state.status === 'aborted' || state.status === 'completed';
  const send = (action: string, body: Record<string, string> = {}) => act(() => api.post(`/api/v1/runs/${runId}/rollout/${action}`, body));
  return (
    <Space wrap>
      <Button data-action="pause" disabled={final || state.status === 'paused'} onClick={() => send('pause')}>{t('pauseRollout')}</Button>
      <Button data-action="resume" disabled={final || state.status === 'running'} onClick={() => send('resume')}>{t('resumeRollout')}</Button>
      <Button data-action="promote" type="primary" disabled={final || state.status === 'paused' || state.waitingFor === 'rollback'} onClick={() => send('promote')}>{t('promoteRollout')}</Button>
      <Button data-action="abort" danger disabled={final} onClick={() => setAborting(true)}>{t('abortRollout')}</Button>
      <Modal
        open={aborting}
        title={t('abortTitle')}
        okText={t('abortRollout')}
        okButtonProps={{ danger: true }}
        onCancel={() => setAborting(false)}
        onOk={async () => {
          await send('abort', reason.trim() ? { reason: reason.trim() } : {});
          setAborting(false);
        }}
      >
        <p>{t('abortHelp')}</p>
        <Input.TextArea aria-label={t('reason')} placeholder={t('reason')} value={reason} onChange={(event) => setReason(event.target.value)} />
      </Modal>
    </Space>
  );
}

function Stages({ view }: { view: RolloutView }) {
  const { t } = useTranslation();
  const state = view.state;
  const narrow = typeof window !== 'undefined' && window.innerWidth < 640;
  const current = state ? Math.min(state.stage, view.stages.length - 1) : -1;
  return (
    <Steps
      orientation={narrow ? 'vertical' : 'horizontal'}
      size="small"
      current={state?.status === 'completed' ? view.stages.length : current}
      status={state?.status === 'aborted' ? 'error' : state?.status === 'paused' ? 'error' : state?.status === 'waiting' ? 'wait' : 'process'}
      items={view.stages.map((stage) => {
        const here = state !== null && stage.index === state.stage && state.status !== 'completed';
        const held = here && state.holdStartedAt !== null ? (state.pausedAt ?? view.now) - state.holdStartedAt : 0;
        return {
          title: <span data-stage={stage.index}>{stage.id ?? ''} {stage.percent}%</span>,
          content: (
            <Space orientation="vertical" size={2} style={{ fontSize: 12 }}>
              {stage.holdMs !== null && <span>{t('hold', { hold: shortDuration(stage.holdMs) })}</span>}
              {here && stage.holdMs !== null && state.applied && (
                <Tooltip title={t('holdProgress', { held: shortDuration(held), hold: shortDuration(stage.holdMs) })}>
                  <Progress data-testid="hold-progress" size="small" percent={Math.min(100, Math.round((held / stage.holdMs) * 100))} style={{ width: 140 }} />
                </Tooltip>
              )}
              {stage.action ? <span>{t('setBy', { how: stage.action })}</span> : stage.manual ? <span>{t('byHand', { step: stage.manual })}</span> : null}
              {stage.guard.length > 0 && <span>{t('guards')}: {stage.guard.join('; ')}</span>}
              {stage.confirm && <span>{t('confirmAfterHold')}</span>}
            </Space>
          ),
        };
      })}
    />
  );
}

export function RolloutPage({ runId }: { runId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { data, error, reload } = useLoad(() => api.get<{ rollout: RolloutView; me: { role: string } }>(`/api/v1/runs/${runId}/rollout`), [runId]);
  const act = useAct(reload);
  const view = data?.rollout;
  const moving = view?.state?.status === 'running';
  const live = useFollow(runId, reload, moving);
  const moment = useMoment();
  if (error) return <Alert type="error" title={errorText(error)} />;
  if (!view || !data) return null;
  const state = view.state;
  const mayAct = data.me.role === 'admin' || data.me.role === 'member';
  const lang = i18n.language;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Header runId={runId} current="rollout" live={live} />
      {view.stages.length === 0 && <Alert type="info" title={t('noRolloutPlan')} />}
      {view.stages.length > 0 && !state && <Alert type="info" title={t('noRollout')} />}
      {state && (
        <Alert
          data-testid="rollout-status"
          data-status={state.status}
          type={state.status === 'completed' ? 'success' : state.status === 'aborted' ? 'error' : state.status === 'running' ? 'info' : 'warning'}
          showIcon
          title={
            <Space wrap>
              <Tag color={statusColor[state.status]}>{t(statusKey[state.status])}</Tag>
              {state.rolledBack && <Tag color="red">{t('rolledBack')}</Tag>}
              {state.rollbackPending && <Tag color="orange">{t('rollbackPending')}</Tag>}
              <span>{state.reason ? pickText(state.reason, lang) : ''}</span>
            </Space>
          }
          description={mayAct ? <RolloutActions runId={runId} state={state} act={act} /> : t('onlyMembers')}
        />
      )}
      {view.stages.length > 0 && (
        <Card size="small" title={t('stages')}>
          <Stages view={view} />
        </Card>
      )}
      {view.triggers.length > 0 && (
        <Card size="small" title={t('triggers')}>
          {state?.fired && (
            <Alert
              data-testid="trigger-fired"
              type="error"
              style={{ marginBottom: 8 }}
              title={state.fired.consecutive && state.fired.checks !== undefined ? t('firedAfterChecks', { condition: state.fired.condition, checks: state.fired.checks }) : t('firedWith', { condition: state.fired.condition, held: shortDuration(state.fired.heldMs) })}
              description={<Values values={state.fired.values} />}
            />
          )}
          <List
            size="small"
            dataSource={view.triggers}
            renderItem={(trigger) => (
              <List.Item data-trigger={trigger.id}>
                <Space wrap size={4}>
                  {trigger.condition ? <Typography.Text code>{trigger.condition}</Typography.Text> : <Tag>{t('judgedByPerson')}</Tag>}
                  {trigger.for && <Tag>for {trigger.for}</Tag>}
                  {trigger.description && <span>{trigger.description}</span>}
                  {state?.fired?.trigger === trigger.id && <Tag color="red">✖</Tag>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {(view.rollbackCommand || view.rollbackSteps.length > 0) && (
        <Card size="small" title={t('rollback')}>
          {view.rollbackCommand && (
            <p>
              {t('rollbackCommand', { mode: view.autoRollback ? t('autoRollback') : t('confirmedRollback') })}: <Typography.Text code>{view.rollbackCommand.join(' ')}</Typography.Text>
            </p>
          )}
          {view.rollbackSteps.length > 0 && (
            <ol style={{ margin: 0, paddingLeft: 20 }} aria-label={t('rollbackSteps')}>
              {view.rollbackSteps.map((step, index) => <li key={index}>{step}</li>)}
            </ol>
          )}
        </Card>
      )}
      {view.events.length > 0 && (
        <Card size="small" title={t('timeline')}>
          <Timeline
            data-testid="rollout-timeline"
            items={view.events.map((event) => ({
              color: /fired|failed|aborted/.test(event.type) ? 'red' : /inconclusive|paused|waiting/.test(event.type) ? 'orange' : /completed|done|held/.test(event.type) ? 'green' : 'blue',
              content: (
                <div data-event={event.type} style={{ wordBreak: 'break-word' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{moment(event.at)} · {event.by}</Typography.Text>
                  <div>{pickText(event.message, lang)}</div>
                  {'values' in event.data && <Values values={event.data.values} />}
                </div>
              ),
            }))}
          />
        </Card>
      )}
    </Space>
  );
}

type CellKind = 'pass' | 'fail' | 'couldNotRun' | 'missed' | 'running' | 'queued';
const cellLook: Record<CellKind, { mark: string; color: string; key: 'cellPass' | 'cellFail' | 'cellCouldNotRun' | 'cellMissed' | 'cellRunning' | 'cellQueued' }> = {
  pass: { mark: '✔', color: '#52c41a', key: 'cellPass' },
  fail: { mark: '✖', color: '#ff4d4f', key: 'cellFail' },
  couldNotRun: { mark: '!', color: '#fa8c16', key: 'cellCouldNotRun' },
  missed: { mark: '⌀', color: '#8c8c8c', key: 'cellMissed' },
  running: { mark: '▶', color: '#1677ff', key: 'cellRunning' },
  queued: { mark: '○', color: '#d9d9d9', key: 'cellQueued' },
};

function cellKind(job: JobView): CellKind {
  if (job.status === 'done') return job.failures.length > 0 ? 'fail' : 'pass';
  if (job.status === 'failed') return 'couldNotRun';
  return job.status;
}

/** The time of day of a due time in the plan's zone, as the rows of the grid. */
function slotOf(dueAt: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(dueAt));
}

function InspectionGrid({ view, id, title, schedule, open }: { view: InspectionsView; id: string; title: string | null; schedule: string; open: (job: JobView) => void }) {
  const { t } = useTranslation();
  const moment = useMoment(view.timeZone);
  const jobs = view.jobs.filter((job) => job.inspection === id);
  const days = Math.max(0, ...jobs.map((job) => job.day + 1));
  const slots = [...new Set(jobs.map((job) => slotOf(job.dueAt, view.timeZone)))].sort();
  const at = new Map(jobs.map((job) => [`${job.day}|${slotOf(job.dueAt, view.timeZone)}`, job]));
  const done = jobs.filter((job) => job.status === 'done' || job.status === 'failed').length;
  return (
    <Card size="small" title={<Space wrap><span>{title ?? id}</span><Tag>{schedule}</Tag><Typography.Text type="secondary">{t('inspectionsDone', { done, all: jobs.length })}</Typography.Text></Space>} data-inspection={id}>
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
          <thead>
            <tr>
              <th style={{ textAlign: 'left', padding: '2px 8px', whiteSpace: 'nowrap', fontWeight: 500 }}>{t('slot', { zone: view.timeZone })}</th>
              {Array.from({ length: days }, (_, day) => <th key={day} style={{ padding: '2px 4px', fontWeight: 500 }}>{t('tPlus', { day })}</th>)}
            </tr>
          </thead>
          <tbody>
            {slots.map((slot) => (
              <tr key={slot}>
                <td style={{ padding: '2px 8px' }}>{slot}</td>
                {Array.from({ length: days }, (_, day) => {
                  const job = at.get(`${day}|${slot}`);
                  if (!job) return <td key={day} style={{ padding: 2, textAlign: 'center', color: '#bfbfbf' }}>·</td>;
                  const look = cellLook[cellKind(job)];
                  return (
                    <td key={day} style={{ padding: 2 }}>
                      <Tooltip title={`${t(look.key)} · ${moment(job.dueAt)}`}>
                        <button
                          type="button"
                          data-cell={`${day}|${slot}`}
                          data-kind={cellKind(job)}
                          aria-label={`${t('tPlus', { day })} ${slot}: ${t(look.key)}`}
                          onClick={() => open(job)}
                          style={{ width: 36, height: 32, border: 0, borderRadius: 4, cursor: 'pointer', background: look.color, color: cellKind(job) === 'queued' ? '#595959' : '#fff', fontWeight: 600 }}
                        >
                          {look.mark}
                        </button>
                      </Tooltip>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Space wrap size={4}>
      {Object.values(cellLook).map((look) => (
        <Tag key={look.key} style={{ borderColor: look.color }}><span style={{ color: look.color, fontWeight: 600 }}>{look.mark}</span> {t(look.key)}</Tag>
      ))}
    </Space>
  );
}

export function InspectionsPage({ runId }: { runId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { data, error, reload } = useLoad(() => api.get<{ inspections: InspectionsView }>(`/api/v1/runs/${runId}/inspections`), [runId]);
  const view = data?.inspections;
  const moving = view?.jobs.some((job) => job.status === 'queued' || job.status === 'running') ?? false;
  const live = useFollow(runId, reload, moving);
  const moment = useMoment(view?.timeZone);
  const [opened, setOpened] = useState<JobView>();
  const lang = i18n.language;
  const counts = useMemo(() => (opened ? Object.entries(opened.counts) : []), [opened]);
  if (error) return <Alert type="error" title={errorText(error)} />;
  if (!view) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Header runId={runId} current="inspections" live={live} />
      {view.jobs.length === 0 ? (
        <Empty description={t('notStarted')} />
      ) : (
        <>
          <Legend />
          {view.inspections.map((inspection) => <InspectionGrid key={inspection.id} view={view} id={inspection.id} title={inspection.title} schedule={inspection.schedule} open={setOpened} />)}
        </>
      )}
      <Drawer open={opened !== undefined} onClose={() => setOpened(undefined)} title={opened ? `${opened.inspection} · ${t('tPlus', { day: opened.day })}` : ''} size={Math.min(480, typeof window === 'undefined' ? 480 : window.innerWidth)}>
        {opened && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="inspection-detail">
            <Descriptions size="small" column={1} items={[
              { key: 'status', label: t('status'), children: <Tag color={cellLook[cellKind(opened)].color}>{t(cellLook[cellKind(opened)].key)}</Tag> },
              { key: 'due', label: t('due'), children: moment(opened.dueAt) },
              { key: 'finished', label: t('finished'), children: opened.finishedAt ? moment(opened.finishedAt) : '—' },
              { key: 'worker', label: t('worker'), children: opened.worker ?? '—' },
              { key: 'results', label: t('results'), children: counts.length ? <Space wrap size={2}>{counts.map(([status, n]) => <Tag key={status}>{t(status as 'pass')}: {n}</Tag>)}</Space> : '—' },
            ]} />
            {opened.error && <Alert type="warning" title={pickText(opened.error, lang)} />}
            <Typography.Text strong>{t('failuresTitle')}</Typography.Text>
            {opened.failures.length === 0 ? (
              <Typography.Text type="secondary">{t('none')}</Typography.Text>
            ) : (
              <List size="small" dataSource={[...opened.failures]} renderItem={(failure) => (
                <List.Item data-failure={failure.itemId}>
                  <div style={{ wordBreak: 'break-word' }}>
                    <Tag color="red">{t(failure.status as 'fail')}</Tag> <Typography.Text code>{failure.itemId}</Typography.Text>
                    {failure.reason && <div style={{ fontSize: 12 }}>{pickText(failure.reason, lang)}</div>}
                  </div>
                </List.Item>
              )} />
            )}
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
