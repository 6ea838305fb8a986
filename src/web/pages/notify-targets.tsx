import { Alert, App, Button, Card, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, TargetView } from '../../server/api-types.js';
import { api } from '../api.js';
import { pickText } from '../i18n.js';
import { useAct, useLoad } from '../use-load.js';
import { useErrorText } from './login.js';
import { useMoment } from '../moment.js';

const types = ['wecom', 'dingtalk', 'feishu', 'slack', 'webhook'] as const;
const signed = new Set<string>(['dingtalk', 'feishu', 'webhook']);

/** A project's chat robots: list, add (credentials as ${VAR} or encrypted values), send a test, remove. */
export function NotificationTargets({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const moment = useMoment();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const base = `/api/v1/projects/${projectId}/notification-targets`;
  const { data, error, reload } = useLoad(() => api.get<{ targets: TargetView[] }>(base), [base]);
  const act = useAct(reload);
  const [form] = Form.useForm<{ id: string; type: string; url: string; secret?: string; lang?: string }>();
  const type = Form.useWatch('type', form);
  const [tested, setTested] = useState<Delivery>();
  const [testing, setTesting] = useState<string>();

  const test = async (target: TargetView) => {
    setTesting(target.id);
    try {
      setTested((await api.post<{ delivery: Delivery }>(`${base}/${target.id}/test`)).delivery);
    } catch (caught) {
      void message.error(errorText(caught));
    } finally {
      setTesting(undefined);
    }
  };

  return (
    <Card title={t('notificationTargets')} data-testid="notification-targets">
      {error !== undefined && <Alert type="error" title={errorText(error)} style={{ marginBottom: 12 }} />}
      {tested && (
        <Alert
          closable
          onClose={() => setTested(undefined)}
          type={tested.delivered ? 'success' : 'error'}
          data-testid="target-test-result"
          title={tested.delivered ? t('testDelivered', { target: tested.target, attempts: tested.attempts }) : t('testNotDelivered', { target: tested.target })}
          description={
            <>
              <Typography.Text type="secondary">{tested.type} {tested.endpoint}</Typography.Text>
              {tested.answer && <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: '4px 0 0', fontSize: 12 }}>HTTP {tested.answer.status} {tested.answer.body.trim()}</pre>}
              {tested.error && <div>{pickText(tested.error, i18n.language)}</div>}
            </>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {/* A list, not a table: a URL and two buttons must fit a 375 px screen without sideways scrolling. */}
      <List
        size="small"
        bordered
        dataSource={data?.targets ?? []}
        renderItem={(target) => (
          <List.Item data-target={target.id} style={{ flexWrap: 'wrap', gap: 8 }}>
            <div style={{ flex: '1 1 260px', minWidth: 0 }}>
              <Space wrap size={4}>
                <Typography.Text strong>{target.id}</Typography.Text>
                <Tag>{target.type}</Tag>
                <Tag color={target.storage === 'env' ? 'blue' : 'purple'}>{target.storage === 'env' ? t('storedEnv') : t('storedSealed')}</Tag>
                {target.lang && <Tag>{target.lang}</Tag>}
              </Space>
              <div style={{ fontSize: 12, wordBreak: 'break-all' }}>
                URL <Typography.Text code>{target.url}</Typography.Text>
                {target.secret && <> · {t('signingSecret')} <Typography.Text code>{target.secret}</Typography.Text></>}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{target.createdBy} · {moment(target.createdAt)}</Typography.Text>
            </div>
            <Space size={4}>
              <Button size="small" data-test-target={target.id} loading={testing === target.id} onClick={() => test(target)}>{t('sendTest')}</Button>
              <Popconfirm title={t('removeTargetConfirm', { id: target.id })} okText={t('remove')} cancelText={t('cancel')} onConfirm={() => act(() => api.delete(`${base}/${target.id}`))}>
                <Button size="small" danger data-remove-target={target.id}>{t('remove')}</Button>
              </Popconfirm>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('newTarget')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('targetCredentialsHelp')}</Typography.Paragraph>
      <Form
        form={form}
        name="target"
        layout="vertical"
        style={{ maxWidth: 560 }}
        initialValues={{ type: 'wecom', lang: 'both' }}
        onFinish={async (values) => {
          try {
            await api.post(base, { ...values, secret: values.secret || undefined });
            form.resetFields();
            await reload();
          } catch (caught) {
            void message.error(errorText(caught));
          }
        }}
      >
        <Space wrap align="start" size={8}>
          <Form.Item name="id" label="ID" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/, message: t('targetIdRule') }]}><Input placeholder="team" style={{ width: 140 }} /></Form.Item>
          <Form.Item name="type" label={t('targetType')}><Select style={{ width: 130 }} options={types.map((value) => ({ value, label: value }))} /></Form.Item>
          <Form.Item name="lang" label={t('language')}><Select style={{ width: 110 }} options={[{ value: 'both', label: '中文 + EN' }, { value: 'zh-CN', label: '中文' }, { value: 'en', label: 'EN' }]} /></Form.Item>
        </Space>
        <Form.Item name="url" label={t('webhookUrl')} rules={[{ required: true }]}><Input.Password placeholder="${WECOM_WEBHOOK}" autoComplete="off" visibilityToggle={false} /></Form.Item>
        {type && signed.has(type) && <Form.Item name="secret" label={t('signingSecret')}><Input.Password placeholder="${DINGTALK_SECRET}" autoComplete="off" visibilityToggle={false} /></Form.Item>}
        <Button htmlType="submit" type="primary">{t('add')}</Button>
      </Form>
    </Card>
  );
}
