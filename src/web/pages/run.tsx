import { Alert, Badge, Button, Card, DatePicker, Form, Input, List, Modal, Radio, Select, Space, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunDetail, RunEvent, RunView } from '../../server/api-types.js';
import { api } from '../api.js';
import { EvidenceView } from '../evidence.js';
import { pickText } from '../i18n.js';
import { navigate } from '../router.js';
import { StatusTag, statusOrder } from '../status.js';
import { useAct, useLoad } from '../use-load.js';
import { useVariables } from '../variables.js';
import { useErrorText } from './login.js';
import { useMoment } from '../moment.js';

type ItemView = RunView['items'][number];

/** Everything the run page shows, kept current by the run's event stream. */
function useLiveRun(runId: string): { detail: RunDetail | undefined; error: unknown; live: boolean; reload: () => Promise<void> } {
  const loaded = useLoad(() => api.get<RunDetail>(`/api/v1/runs/${runId}`), [runId]);
  const [event, setEvent] = useState<RunEvent>();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/api/v1/runs/${runId}/events`);
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('run', (message) => setEvent(JSON.parse((message as MessageEvent<string>).data) as RunEvent));
    return () => source.close();
  }, [runId]);
  const detail = loaded.data && event ? { ...loaded.data, view: event.view, run: { ...loaded.data.run, status: event.status, executing: event.executing } } : loaded.data;
  return { detail, error: loaded.error, live, reload: loaded.reload };
}

function Evidence({ entry }: { entry: ItemView }) {
  const { t } = useTranslation();
  const moment = useMoment();
  const evidence = entry.result.evidence;
  const ref = entry.verifiedBy?.evidence;
  return (
    <div style={{ fontSize: 12, color: '#555', wordBreak: 'break-word' }}>
      {!entry.verifiedBy && <EvidenceView evidence={evidence} failing={entry.result.status === 'fail' || entry.result.status === 'error' || entry.result.status === 'warn'} />}
      {entry.verifiedBy && (
        <div>
          {t('verifiedBy', { by: entry.verifiedBy.by })} · {moment(entry.verifiedBy.at)}
          {entry.verifiedBy.note && <div>“{entry.verifiedBy.note}”</div>}
        </div>
      )}
      {ref?.startsWith('upload:') && (
        <a href={`/api/v1/uploads/${ref.slice(7)}`} target="_blank" rel="noreferrer">
          <img src={`/api/v1/uploads/${ref.slice(7)}`} alt={t('attachment')} style={{ maxWidth: 120, maxHeight: 90, display: 'block', marginTop: 4 }} onError={(event) => { event.currentTarget.style.display = 'none'; }} />
          {t('attachment')}
        </a>
      )}
      {entry.waiver && <div><Tag color={entry.waiver.valid ? 'gold' : 'default'}>{t('waived', { reason: entry.waiver.reason, until: moment(entry.waiver.expiresAt, 'date') })}</Tag></div>}
    </div>
  );
}

/**
 * Who must sign and who did: a row per role that must sign, then any other role signed for or that the reader may sign,
 * each with the people who hold it. Nothing when the plan asks for no sign-off and nobody signed.
 */
function Signoffs({ detail, open, sign }: { detail: RunDetail; open: boolean; sign: (role: string) => void }) {
  const { t } = useTranslation();
  const moment = useMoment();
  const { view, me, signers } = detail;
  const roles = view.plan.roles ?? [];
  const required = roles.filter((role) => role.signoff);
  const others = roles.filter((role) => !role.signoff && (me.planRoles.includes(role.id) || view.signoffs.some((signoff) => signoff.role === role.id)));
  const listed = [...required, ...others];
  if (listed.length === 0) return null;
  const latest = (role: string) => view.signoffs.filter((signoff) => signoff.role === role).at(-1);
  const done = required.filter((role) => latest(role.id)?.valid).length;
  return (
    <Card title={t('signoffs')} size="small" data-testid="signoffs" extra={required.length > 0 ? <Typography.Text type={done === required.length ? 'success' : 'secondary'}>{t('signoffProgress', { done, of: required.length })}</Typography.Text> : null}>
      <List
        size="small"
        split={false}
        dataSource={listed}
        renderItem={(role) => {
          const signoff = latest(role.id);
          const holders = signers.find((signer) => signer.role === role.id)?.holders ?? [];
          return (
            <List.Item data-signoff-role={role.id} data-signed={signoff?.valid ? 'valid' : signoff ? 'invalid' : 'no'} style={{ flexWrap: 'wrap', gap: 8, paddingInline: 0 }}>
              <div style={{ flex: '1 1 240px', minWidth: 0 }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{role.title ?? role.id}</Typography.Text>
                  {role.title && <Typography.Text type="secondary">{role.id}</Typography.Text>}
                  {!role.signoff && <Tag>{t('signoffOptional')}</Tag>}
                  {signoff?.valid && <Tag color="success">{t('signoffSignedBy', { by: signoff.by, at: moment(signoff.at) })}</Tag>}
                  {signoff && !signoff.valid && <Tag color="warning">{t('signoffInvalid', { by: signoff.by })}</Tag>}
                  {!signoff && role.signoff && <Tag>{t('signoffWaiting')}</Tag>}
                </Space>
                <div style={{ fontSize: 12 }}>
                  {holders.length > 0 ? <Typography.Text type="secondary">{t('signoffHolders', { names: holders.join(', ') })}</Typography.Text> : <Typography.Text type="warning">{t('signoffNoHolder')}</Typography.Text>}
                </div>
              </div>
              {open && me.planRoles.includes(role.id) && !signoff?.valid && (
                <Button data-sign={role.id} type="primary" onClick={() => sign(role.id)}>{t('sign', { role: role.title ?? role.id })}</Button>
              )}
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

export function RunPage({ runId }: { runId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { detail, error, live, reload } = useLiveRun(runId);
  const act = useAct(reload);
  const [filters, setFilters] = useState<{ status?: string; owner?: string; phase?: string; priority?: string }>({});
  const [verifying, setVerifying] = useState<ItemView>();
  const [waiving, setWaiving] = useState<ItemView>();
  const [revoking, setRevoking] = useState<ItemView>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const variables = useVariables();

  const items = useMemo(() => {
    if (!detail) return [];
    return [...detail.view.items]
      .filter((entry) => (!filters.status || entry.result.status === filters.status) && (!filters.owner || entry.item.owner === filters.owner) && (!filters.phase || entry.item.phase === filters.phase) && (!filters.priority || entry.item.priority === filters.priority))
      .sort((a, b) => statusOrder[a.result.status] - statusOrder[b.result.status]);
  }, [detail, filters]);

  if (error) return <Alert type="error" title={errorText(error)} />;
  if (!detail) return null;
  const { view, run, me } = detail;
  const open = run.status === 'open';
  const distinct = (pick: (entry: ItemView) => string | null | undefined) => [...new Set(view.items.map(pick).filter((value): value is string => Boolean(value)))].map((value) => ({ value, label: value }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>{view.plan.name} · {run.release}</Typography.Title>
        <Tag>{run.id}</Tag>
        <Badge status={live ? 'processing' : 'default'} text={t('live')} />
        {run.executing && <Tag color="processing">{t('executing')}</Tag>}
        {(view.plan.rollout?.stages?.length ?? 0) > 0 && <Button type="link" data-link="rollout" onClick={() => navigate(`/runs/${runId}/rollout`)}>{t('rolloutLink')}</Button>}
        {(view.plan.inspections?.length ?? 0) > 0 && <Button type="link" data-link="inspections" onClick={() => navigate(`/runs/${runId}/inspections`)}>{t('inspectionsLink')}</Button>}
        {(view.plan.monitors?.length ?? 0) > 0 && <Button type="link" data-link="monitors" onClick={() => navigate(`/runs/${runId}/monitors`)}>{t('monitorsLink')}</Button>}
      </Space>
      <Alert
        data-testid="gate-banner"
        type={view.gate.passed ? 'success' : 'error'}
        showIcon
        title={`${view.gate.passed ? t('gatePassed') : t('gateFailed')} · ${t('score')} ${view.score.overall.toFixed(1)}/10`}
        description={
          view.gate.reasons.length + view.gate.accepted.length > 0 ? (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {[...view.gate.reasons, ...view.gate.accepted].map((reason, index) => <li key={index}>{pickText(reason, i18n.language)}</li>)}
            </ul>
          ) : undefined
        }
      />
      <Signoffs detail={detail} open={open} sign={(role) => act(() => api.post(`/api/v1/runs/${runId}/signoffs`, { role }))} />
      <Space wrap>
        <Select allowClear placeholder={t('status')} style={{ width: 120 }} value={filters.status} onChange={(status) => setFilters({ ...filters, status })} options={Object.keys(statusOrder).map((value) => ({ value, label: t(value as keyof typeof statusOrder) }))} />
        <Select allowClear placeholder={t('owner')} style={{ width: 120 }} value={filters.owner} onChange={(owner) => setFilters({ ...filters, owner })} options={distinct((entry) => entry.item.owner)} />
        <Select allowClear placeholder={t('phase')} style={{ width: 120 }} value={filters.phase} onChange={(phase) => setFilters({ ...filters, phase })} options={distinct((entry) => entry.item.phase)} />
        <Select allowClear placeholder={t('priority')} style={{ width: 120 }} value={filters.priority} onChange={(priority) => setFilters({ ...filters, priority })} options={distinct((entry) => entry.item.priority)} />
      </Space>
      <List
        bordered
        dataSource={items}
        renderItem={(entry) => (
          <List.Item data-item={entry.item.id} data-status={entry.result.status} style={{ flexWrap: 'wrap', gap: 8 }}>
            <div style={{ flex: '1 1 260px', minWidth: 0 }}>
              <Space wrap size={4}>
                <StatusTag status={entry.result.status} />
                <Typography.Text strong>{entry.item.title ?? entry.item.id}</Typography.Text>
                {entry.item.priority === 'blocker' && <Tag color="red">blocker</Tag>}
                {entry.item.owner && <Tag color="blue">{entry.item.owner}</Tag>}
              </Space>
              <Evidence entry={entry} />
            </div>
            {open && (
              <Space wrap size={4}>
                {entry.item.check ? (
                  <Button size="small" onClick={() => act(() => variables.ask(`/api/v1/runs/${runId}/variables`, (vars) => api.post(`/api/v1/runs/${runId}/items/${entry.item.id}/recheck`, { vars })))}>{t('recheck')}</Button>
                ) : (
                  <Button size="small" type="primary" onClick={() => { setFiles([]); setVerifying(entry); }}>{t('verify')}</Button>
                )}
                {(me.role === 'admin' || (entry.item.owner && me.planRoles.includes(entry.item.owner))) && (
                  <>
                    {entry.result.status !== 'pass' && <Button size="small" onClick={() => setWaiving(entry)}>{t('waive')}</Button>}
                    {entry.waiver?.valid && <Button size="small" danger onClick={() => setRevoking(entry)}>{t('revoke')}</Button>}
                  </>
                )}
              </Space>
            )}
          </List.Item>
        )}
      />
      {variables.dialog}
      <Modal open={verifying !== undefined} title={`${t('verifyTitle')}: ${verifying?.item.title ?? ''}`} footer={null} onCancel={() => setVerifying(undefined)} destroyOnHidden>
        {verifying && (
          <Form
            layout="vertical"
            initialValues={{ status: 'pass' }}
            onFinish={async (values: { status: string; note?: string }) => {
              const form = new FormData();
              form.append('status', values.status);
              if (values.note) form.append('note', values.note);
              const file = files[0]?.originFileObj;
              if (file) form.append('file', file, file.name);
              await act(() => api.post(`/api/v1/runs/${runId}/items/${verifying.item.id}/verify`, form));
              setVerifying(undefined);
            }}
          >
            {typeof verifying.item.manual === 'object' && verifying.item.manual && <Alert type="info" title={verifying.item.manual.method} description={verifying.item.manual.expected} style={{ marginBottom: 12 }} />}
            {typeof verifying.item.manual === 'string' && <Alert type="info" title={verifying.item.manual} style={{ marginBottom: 12 }} />}
            <Form.Item name="status">
              <Radio.Group options={[{ value: 'pass', label: t('passed') }, { value: 'fail', label: t('failed') }, { value: 'skip', label: t('notApplicable') }, { value: 'pending', label: t('reopen') }]} />
            </Form.Item>
            <Form.Item name="note" label={t('note')}><Input.TextArea rows={3} /></Form.Item>
            <Form.Item label={t('attach')}>
              <Upload accept="image/*,application/pdf,text/plain" capture="environment" maxCount={1} fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
                <Button>{t('attachment')}</Button>
              </Upload>
            </Form.Item>
            <Button type="primary" htmlType="submit" block>{t('save')}</Button>
          </Form>
        )}
      </Modal>
      <Modal open={waiving !== undefined} title={`${t('waiveTitle')}: ${waiving?.item.title ?? ''}`} footer={null} onCancel={() => setWaiving(undefined)} destroyOnHidden>
        {waiving && (
          <Form
            layout="vertical"
            onFinish={async (values: { reason: string; expiresAt: { toISOString(): string } }) => {
              await act(() => api.post(`/api/v1/runs/${runId}/items/${waiving.item.id}/waivers`, { reason: values.reason, expiresAt: values.expiresAt.toISOString() }));
              setWaiving(undefined);
            }}
          >
            <Form.Item name="reason" label={t('reason')} rules={[{ required: true, min: 3 }]}><Input.TextArea rows={3} /></Form.Item>
            <Form.Item name="expiresAt" label={t('expires')} rules={[{ required: true }]}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
            <Button type="primary" htmlType="submit" block>{t('waive')}</Button>
          </Form>
        )}
      </Modal>
      <Modal open={revoking !== undefined} title={`${t('revoke')}: ${revoking?.item.title ?? ''}`} footer={null} onCancel={() => setRevoking(undefined)} destroyOnHidden>
        {revoking && (
          <Form
            layout="vertical"
            onFinish={async (values: { reason: string }) => {
              await act(() => api.post(`/api/v1/runs/${runId}/items/${revoking.item.id}/waivers/revoke`, { reason: values.reason }));
              setRevoking(undefined);
            }}
          >
            <Form.Item name="reason" label={t('reason')} rules={[{ required: true, min: 3 }]}><Input.TextArea rows={3} /></Form.Item>
            <Button danger type="primary" htmlType="submit" block>{t('revoke')}</Button>
          </Form>
        )}
      </Modal>
    </Space>
  );
}
