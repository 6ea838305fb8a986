import { Alert, App, Button, Card, Checkbox, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Project, ProjectDetail, TokenEntry, User } from '../../server/api-types.js';
import { api } from '../api.js';
import { useAct, useLoad } from '../use-load.js';
import { useErrorText } from './login.js';
import { NotificationTargets } from './notify-targets.js';
import { ProjectAccess } from './project-access.js';
import { useMoment } from '../moment.js';

/** Accounts (server administrators): create, administrator flag, unlock, deactivate or reactivate; one's own account cannot be deactivated here. */
function Users({ me }: { me: User }) {
  const { t } = useTranslation();
  const moment = useMoment();
  const { data, reload } = useLoad(() => api.get<{ users: User[] }>('/api/v1/users'), []);
  const act = useAct(reload);
  const [form] = Form.useForm();
  return (
    <Card title={t('users')}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data?.users ?? []}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('displayName'), dataIndex: 'displayName', responsive: ['sm'] },
          { title: t('admin'), render: (_: unknown, user: User) => <Switch size="small" checked={user.isAdmin} onChange={(isAdmin) => act(() => api.patch(`/api/v1/users/${user.id}`, { isAdmin }))} /> },
          {
            title: t('accountState'),
            render: (_: unknown, user: User) => (
              <Space wrap size={4} data-account={user.username} data-active={String(user.active)}>
                {user.active ? <Tag color="green">{t('accountActive')}</Tag> : <Tag title={user.deactivatedAt ? moment(user.deactivatedAt) : undefined}>{t('accountDeactivated')}</Tag>}
                {user.lockedUntil && user.lockedUntil > new Date().toISOString() ? <Button size="small" onClick={() => act(() => api.patch(`/api/v1/users/${user.id}`, { unlock: true }))}>{t('unlock')}</Button> : null}
                {user.id === me.id ? null : user.active ? (
                  <Popconfirm title={t('deactivateConfirm', { name: user.username })} okButtonProps={{ danger: true }} okText={t('deactivate')} cancelText={t('cancel')} onConfirm={() => act(() => api.patch(`/api/v1/users/${user.id}`, { active: false }))}>
                    <Button size="small" danger data-testid={`deactivate-${user.username}`}>{t('deactivate')}</Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" data-testid={`reactivate-${user.username}`} onClick={() => act(() => api.patch(`/api/v1/users/${user.id}`, { active: true }))}>{t('reactivate')}</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('newUser')}</Typography.Title>
      <Form form={form} name="new-user" layout="inline" style={{ rowGap: 8 }} onFinish={(values: { username: string; displayName: string; password: string; isAdmin?: boolean }) => act(async () => { await api.post('/api/v1/users', { ...values, isAdmin: values.isAdmin ?? false }); form.resetFields(); })}>
        <Form.Item name="username" rules={[{ required: true }]}><Input placeholder={t('username')} /></Form.Item>
        <Form.Item name="displayName" rules={[{ required: true }]}><Input placeholder={t('displayName')} /></Form.Item>
        <Form.Item name="password" rules={[{ required: true, min: 12 }]}><Input.Password placeholder={t('password')} autoComplete="new-password" /></Form.Item>
        <Form.Item name="isAdmin" valuePropName="checked"><Checkbox>{t('admin')}</Checkbox></Form.Item>
        <Button htmlType="submit" type="primary">{t('create')}</Button>
      </Form>
    </Card>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const moment = useMoment();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { data, reload } = useLoad(() => api.get<{ tokens: TokenEntry[] }>('/api/v1/tokens'), []);
  const projects = useLoad(() => api.get<{ projects: Project[] }>('/api/v1/projects'), []);
  const [shown, setShown] = useState<string>();
  return (
    <Card title={t('tokens')}>
      {shown && <Alert type="warning" title={t('tokenShownOnce')} description={<Typography.Text code copyable>{shown}</Typography.Text>} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data?.tokens ?? []}
        columns={[
          { title: t('tokenName'), dataIndex: 'name' },
          { title: t('projects'), dataIndex: 'projectId' },
          { title: t('scopes'), render: (_: unknown, token: TokenEntry) => token.scopes.map((scope) => <Tag key={scope}>{scope}</Tag>) },
          { title: t('lastUsed'), render: (_: unknown, token: TokenEntry) => (token.lastUsedAt ? moment(token.lastUsedAt) : t('never')) },
          {
            title: '',
            render: (_: unknown, token: TokenEntry) =>
              token.revokedAt ? <Tag>{t('revoked')}</Tag> : <Button size="small" danger onClick={async () => { await api.delete(`/api/v1/tokens/${token.id}`); await reload(); }}>{t('revoke')}</Button>,
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('newToken')}</Typography.Title>
      <Form
        layout="inline"
        style={{ rowGap: 8 }}
        initialValues={{ scopes: ['read', 'run'] }}
        onFinish={async (values: { name: string; projectId: string; scopes: string[] }) => {
          try {
            setShown((await api.post<{ token: string }>('/api/v1/tokens', values)).token);
            await reload();
          } catch (caught) {
            void message.error(errorText(caught));
          }
        }}
      >
        <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('tokenName')} /></Form.Item>
        <Form.Item name="projectId" rules={[{ required: true }]}><Select style={{ width: 140 }} placeholder={t('projects')} options={(projects.data?.projects ?? []).map((project) => ({ value: project.id, label: project.name }))} /></Form.Item>
        <Form.Item name="scopes"><Checkbox.Group options={['read', 'run', 'sign']} /></Form.Item>
        <Button htmlType="submit" type="primary">{t('create')}</Button>
      </Form>
    </Card>
  );
}

/** Per project (those the person administers): members and their plan roles, notification targets. */
function ProjectSettings() {
  const { t } = useTranslation();
  const projects = useLoad(() => api.get<{ projects: Array<Project & { role: string }> }>('/api/v1/projects'), []);
  const managed = (projects.data?.projects ?? []).filter((project) => project.role === 'admin');
  const [chosen, setChosen] = useState<string>();
  const projectId = chosen ?? managed[0]?.id;
  const detail = useLoad(() => (projectId ? api.get<ProjectDetail>(`/api/v1/projects/${projectId}`) : Promise.resolve(undefined)), [projectId]);
  if (managed.length === 0) return null;
  return (
    <>
      <Card title={t('project')} size="small">
        <Select data-testid="settings-project" style={{ width: '100%', maxWidth: 320 }} value={projectId} onChange={setChosen} options={managed.map((project) => ({ value: project.id, label: `${project.name} (${project.id})` }))} />
      </Card>
      {projectId && detail.data?.project.id === projectId && <ProjectAccess projectId={projectId} detail={detail.data} reload={detail.reload} />}
      {projectId && <NotificationTargets projectId={projectId} />}
    </>
  );
}

export function SettingsPage({ me }: { me: User }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {me.isAdmin && <Users me={me} />}
      <ProjectSettings />
      <Tokens />
    </Space>
  );
}
