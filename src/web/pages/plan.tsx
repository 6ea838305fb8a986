import { Alert, App, Button, Card, Collapse, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDetail, RunDetail, RunDiff, RunEntry } from '../../server/api-types.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { StatusTag } from '../status.js';
import { useLoad } from '../use-load.js';
import { useVariables } from '../variables.js';
import { useErrorText } from './login.js';
import { useMoment } from '../moment.js';

const CategoryScores = lazy(() => import('../charts.js').then((module) => ({ default: module.CategoryScores })));
const ScoreTrend = lazy(() => import('../charts.js').then((module) => ({ default: module.ScoreTrend })));

function Readiness({ runs }: { runs: readonly RunEntry[] }) {
  const { t } = useTranslation();
  const latest = runs[0];
  const detail = useLoad(() => (latest ? api.get<RunDetail>(`/api/v1/runs/${latest.id}`) : Promise.resolve(undefined)), [latest?.id]);
  const view = detail.data?.view;
  if (!latest || !view) return null;
  const titles = new Map((view.plan.categories ?? []).map((category) => [category.id, category.title ?? category.id]));
  const categories = Object.entries(view.score.categories).map(([id, category]) => ({ name: titles.get(id) ?? id, score: category.score }));
  const misses = view.items.filter((item) => item.history && item.history.failed > 0);
  const trend = [...runs].reverse().filter((run) => run.summary).map((run) => ({ label: run.release ?? run.id, score: run.summary?.score ?? 0 }));
  return (
    <Card title={`${t('readiness')} · ${t('score')} ${view.score.overall.toFixed(1)}/10`}>
      <Suspense fallback={null}>
        <CategoryScores categories={categories} />
        {trend.length > 1 && (
          <>
            <Typography.Title level={5}>{t('trend')}</Typography.Title>
            <ScoreTrend points={trend} />
          </>
        )}
      </Suspense>
      {misses.length > 0 && (
        <>
          <Typography.Title level={5}>{t('commonMisses')}</Typography.Title>
          <List size="small" dataSource={misses} renderItem={(entry) => (
            <List.Item>
              {entry.item.title} — {t('failedIn', { failed: entry.history?.failed, of: entry.history?.of })} <StatusTag status={entry.result.status} />
            </List.Item>
          )} />
        </>
      )}
    </Card>
  );
}

function DiffPanel({ runs }: { runs: readonly RunEntry[] }) {
  const { t } = useTranslation();
  const [pair, setPair] = useState<{ from?: string; to?: string }>({ from: runs[1]?.id, to: runs[0]?.id });
  const diff = useLoad(() => (pair.from && pair.to && pair.from !== pair.to ? api.get<RunDiff>(`/api/v1/runs/${pair.to}/diff?against=${pair.from}`) : Promise.resolve(undefined)), [pair.from, pair.to]);
  if (runs.length < 2) return null;
  const options = runs.map((run) => ({ value: run.id, label: `${run.id} ${run.release ?? ''}` }));
  const section = (title: string, entries: RunDiff['fixed'] | undefined) =>
    entries && entries.length > 0 ? (
      <div>
        <Typography.Text strong>{title}</Typography.Text>: {entries.map((entry) => <Tag key={entry.id}>{entry.id} {entry.before}→{entry.after}</Tag>)}
      </div>
    ) : null;
  return (
    <Card title={t('diff')}>
      <Space wrap>
        <Select style={{ width: 220 }} value={pair.from} options={options} onChange={(from) => setPair({ ...pair, from })} />→
        <Select style={{ width: 220 }} value={pair.to} options={options} onChange={(to) => setPair({ ...pair, to })} />
      </Space>
      <div style={{ marginTop: 12 }}>
        {section(t('newlyFailing'), diff.data?.newlyFailing)}
        {section(t('fixed'), diff.data?.fixed)}
        {section(t('stillFailing'), diff.data?.stillFailing)}
      </div>
    </Card>
  );
}

export function PlanPage({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const moment = useMoment();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const plan = useLoad(() => api.get<PlanDetail>(`/api/v1/plans/${planId}`), [planId]);
  const runs = useLoad(() => api.get<{ runs: RunEntry[] }>(`/api/v1/plans/${planId}/runs?limit=30`), [planId]);
  const variables = useVariables();
  if (plan.error) return <Alert type="error" title={errorText(plan.error)} />;
  if (!plan.data) return null;
  const parsed = plan.data.parsed;
  const phases = parsed.phases?.length ? parsed.phases : [{ id: parsed.items[0]?.phase ?? 'default', title: undefined }];
  const categoryTitle = new Map((parsed.categories ?? []).map((category) => [category.id, category.title ?? category.id]));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{parsed.name}</Typography.Title>
      <Card title={t('startRun')}>
        <Form
          layout="inline"
          style={{ rowGap: 8 }}
          onFinish={async (values: { release: string; environment?: string }) => {
            const environment = values.environment ? { environment: values.environment } : {};
            try {
              await variables.ask(`/api/v1/plans/${planId}/variables${values.environment ? `?environment=${encodeURIComponent(values.environment)}` : ''}`, async (vars) => {
                const started = await api.post<{ run: { id: string } }>(`/api/v1/plans/${planId}/runs`, { release: values.release, ...environment, vars });
                navigate(`/runs/${started.run.id}`);
              });
            } catch (caught) {
              void message.error(errorText(caught));
            }
          }}
        >
          <Form.Item name="release" rules={[{ required: true }]}><Input placeholder={t('release')} /></Form.Item>
          {parsed.environments && (
            <Form.Item name="environment"><Select style={{ width: 140 }} placeholder={t('environment')} allowClear options={Object.keys(parsed.environments).map((value) => ({ value, label: value }))} /></Form.Item>
          )}
          <Button type="primary" htmlType="submit">{t('startRun')}</Button>
        </Form>
        {variables.dialog}
      </Card>
      <Card title={t('runs')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: true }}
          dataSource={runs.data?.runs ?? []}
          onRow={(run) => ({ onClick: () => navigate(`/runs/${run.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'ID', dataIndex: 'id' },
            { title: t('release'), dataIndex: 'release' },
            { title: t('score'), render: (_: unknown, run: RunEntry) => run.summary?.score.toFixed(1) ?? '—' },
            { title: t('status'), render: (_: unknown, run: RunEntry) => (run.summary ? <Tag color={run.summary.gatePassed ? 'success' : 'error'}>{run.summary.gatePassed ? '✓' : '✗'}</Tag> : null) },
            { title: t('when'), render: (_: unknown, run: RunEntry) => moment(run.createdAt) },
          ]}
        />
      </Card>
      {runs.data && <Readiness runs={runs.data.runs} />}
      {runs.data && <DiffPanel runs={runs.data.runs} />}
      <Card title={`${t('items')} (${parsed.items.length})`}>
        <Collapse
          defaultActiveKey={phases.map((phase) => phase.id)}
          items={phases.map((phase) => {
            const items = parsed.items.filter((item) => (item.phase ?? phases[0]?.id) === phase.id);
            const byCategory = [...new Set(items.map((item) => item.category ?? 'general'))];
            return {
              key: phase.id,
              label: `${phase.title ?? phase.id} (${items.length})`,
              children: byCategory.map((category) => (
                <div key={category} style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{categoryTitle.get(category) ?? category}</Typography.Text>
                  <List size="small" dataSource={items.filter((item) => (item.category ?? 'general') === category)} renderItem={(item) => (
                    <List.Item>
                      <Space wrap size={4}>
                        <span>{item.title ?? item.id}</span>
                        {item.priority && <Tag color={item.priority === 'blocker' ? 'red' : undefined}>{item.priority}</Tag>}
                        {item.owner && <Tag color="blue">{item.owner}</Tag>}
                        <Tag>{item.check ? item.check.kind : 'manual'}</Tag>
                      </Space>
                    </List.Item>
                  )} />
                </div>
              )),
            };
          })}
        />
      </Card>
    </Space>
  );
}
