import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../server/api-types.js';
import { api, ApiError } from '../api.js';
import { pickText } from '../i18n.js';

/** The API's bilingual message of an error, in the current language. */
export function useErrorText(): (error: unknown) => string {
  const { i18n } = useTranslation();
  return (error) => (error instanceof ApiError ? pickText(error.text, i18n.language) : String(error));
}

export function SetupPage({ onDone }: { onDone: (info: SessionInfo) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string>();
  const secret = location.hash.slice(1);
  return (
    <Card title={t('setupTitle')} style={{ maxWidth: 420, margin: '24px auto' }}>
      <Typography.Paragraph>{secret ? t('setupIntro') : t('setupMissing')}</Typography.Paragraph>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        disabled={!secret}
        onFinish={async (values: { username: string; displayName: string; password: string }) => {
          try {
            const info = await api.post<SessionInfo>('/api/v1/setup', { secret, ...values });
            history.replaceState(null, '', '/');
            onDone(info);
          } catch (caught) {
            setError(errorText(caught));
          }
        }}
      >
        <Form.Item name="username" label={t('username')} rules={[{ required: true }]}><Input autoComplete="username" /></Form.Item>
        <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="password" label={t('password')} extra={t('passwordHint')} rules={[{ required: true, min: 12 }]}><Input.Password autoComplete="new-password" /></Form.Item>
        <Button type="primary" htmlType="submit" block>{t('create')}</Button>
      </Form>
    </Card>
  );
}

export function LoginPage({ onDone }: { onDone: (info: SessionInfo) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string>();
  return (
    <Card title={t('signIn')} style={{ maxWidth: 420, margin: '24px auto' }}>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        onFinish={async (values: { username: string; password: string }) => {
          try {
            onDone(await api.post<SessionInfo>('/api/v1/session', values));
          } catch (caught) {
            setError(errorText(caught));
          }
        }}
      >
        <Form.Item name="username" label={t('username')} rules={[{ required: true }]}><Input autoComplete="username" /></Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true }]}><Input.Password autoComplete="current-password" /></Form.Item>
        <Button type="primary" htmlType="submit" block>{t('signIn')}</Button>
      </Form>
    </Card>
  );
}
