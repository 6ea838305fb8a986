import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, Project, ProjectDetail, ProjectRole, User } from '../../server/api-types.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import { useErrorText } from './login.js';

export function ProjectsPage({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { data, reload } = useLoad(() => api.get<{ projects: Array<Project & { role: ProjectRole }> }>('/api/v1/projects'), []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('projects')}>
        <List
          dataSource={data?.projects ?? []}
          locale={{ emptyText: t('noProjects') }}
          renderItem={(project) => (
            <List.Item onClick={() => navigate(`/projects/${project.id}`)} style={{ cursor: 'pointer' }} actions={[<Tag key="role">{project.role}</Tag>]}>
              <List.Item.Meta title={<a>{project.name}</a>} description={project.id} />
            </List.Item>
          )}
        />
      </Card>
      {isAdmin && (
        <Card title={t('newProject')}>
          <Form
            layout="inline"
            onFinish={async (values: { id: string; name: string }) => {
              try {
                await api.post('/api/v1/projects', values);
                await reload();
              } catch (error) {
                void message.error(errorText(error));
              }
            }}
          >
            <Form.Item name="id" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,39}$/ }]}><Input placeholder={t('projectId')} /></Form.Item>
            <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('projectName')} /></Form.Item>
            <Button type="primary" htmlType="submit">{t('create')}</Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

function ImportReportView({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const report = preview.report;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered title={`${t('importReport')}: ${preview.planName}`}>
        <Descriptions.Item label={t('items')}>{report.counts.items}</Descriptions.Item>
        <Descriptions.Item label={t('blockers')}>{report.counts.blockers}</Descriptions.Item>
        <Descriptions.Item label={t('proposedChecks')}>{report.counts.proposedChecks}</Descriptions.Item>
        <Descriptions.Item label={t('phase')}>{Object.entries(report.counts.byPhase).map(([phase, n]) => <Tag key={phase}>{phase} {n}</Tag>)}</Descriptions.Item>
      </Descriptions>
      {report.secrets.length > 0 && (
        <Alert type="warning" title={t('secretsFound')} description={report.secrets.map((secret) => `L${secret.line} ${secret.rule}: ${secret.preview}`).join('\n')} />
      )}
      {report.variables.length > 0 && <Alert type="info" title={t('variables')} description={report.variables.map((variable) => variable.name).join(', ')} />}
      {report.unrecognized.length > 0 && (
        <Card size="small" title={`${t('notPlaced')} (${report.unrecognized.length})`}>
          <List size="small" dataSource={report.unrecognized.slice(0, 50)} renderItem={(line) => <List.Item>L{line.line}: {line.text}</List.Item>} />
        </Card>
      )}
    </Space>
  );
}

export function ProjectPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { data, error, reload } = useLoad(() => api.get<ProjectDetail>(`/api/v1/projects/${projectId}`), [projectId]);
  const [preview, setPreview] = useState<{ file: string; markdown: string; result: ImportPreview }>();
  const manage = data?.role === 'admin';
  const users = useLoad(() => (manage ? api.get<{ users: User[] }>('/api/v1/users').catch(() => ({ users: [] })) : Promise.resolve({ users: [] as User[] })), [manage]);

  if (error) return <Alert type="error" title={errorText(error)} />;
  if (!data) return null;
  const planRoleNames = [...new Set(data.planRoles.map((holder) => holder.planRole))];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{data.project.name}</Typography.Title>
      <Card title={t('plans')}>
        <List dataSource={[...data.plans]} renderItem={(plan) => (
          <List.Item onClick={() => navigate(`/plans/${plan.id}`)} style={{ cursor: 'pointer' }}>
            <List.Item.Meta title={<a>{plan.planName}</a>} description={`${plan.updatedBy} · ${new Date(plan.updatedAt).toLocaleString()}`} />
          </List.Item>
        )} />
      </Card>
      {manage && (
        <Card title={t('importChecklist')}>
          <Upload.Dragger
            accept=".md,.markdown,.txt"
            showUploadList={false}
            beforeUpload={async (file) => {
              const markdown = await file.text();
              try {
                const result = await api.post<ImportPreview>(`/api/v1/projects/${projectId}/plans/import`, { file: file.name, markdown, save: false });
                setPreview({ file: file.name, markdown, result });
              } catch (caught) {
                void message.error(errorText(caught));
              }
              return false;
            }}
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p>{t('dropChecklist')}</p>
          </Upload.Dragger>
          <Upload
            accept=".yaml,.yml"
            showUploadList={false}
            beforeUpload={async (file) => {
              try {
                await api.post(`/api/v1/projects/${projectId}/plans`, { source: await file.text() });
                void message.success(t('saved'));
                await reload();
              } catch (caught) {
                void message.error(errorText(caught));
              }
              return false;
            }}
          >
            <Button style={{ marginTop: 12 }}>{t('uploadYaml')}</Button>
          </Upload>
        </Card>
      )}
      <Modal
        open={preview !== undefined}
        width={720}
        title={t('importReport')}
        okText={t('savePlan')}
        cancelText={t('cancel')}
        onCancel={() => setPreview(undefined)}
        onOk={async () => {
          if (!preview) return;
          try {
            await api.post(`/api/v1/projects/${projectId}/plans/import`, { file: preview.file, markdown: preview.markdown, save: true });
            setPreview(undefined);
            void message.success(t('saved'));
            await reload();
          } catch (caught) {
            void message.error(errorText(caught));
          }
        }}
      >
        {preview && <ImportReportView preview={preview.result} />}
      </Modal>
      <Card title={t('members')}>
        <Table
          size="small"
          rowKey="userId"
          pagination={false}
          dataSource={[...data.members]}
          columns={[
            { title: t('username'), dataIndex: 'username' },
            {
              title: t('role'),
              dataIndex: 'role',
              render: (role: ProjectRole, member) =>
                manage ? (
                  <Select size="small" value={role} style={{ width: 110 }} options={['admin', 'member', 'viewer'].map((value) => ({ value, label: value }))} onChange={async (value) => { await api.put(`/api/v1/projects/${projectId}/members/${member.userId}`, { role: value }); await reload(); }} />
                ) : (
                  <Tag>{role}</Tag>
                ),
            },
            { title: t('planRoles'), render: (_: unknown, member) => data.planRoles.filter((holder) => holder.userId === member.userId).map((holder) => <Tag color="blue" key={holder.planRole}>{holder.planRole}</Tag>) },
          ]}
        />
        {manage && (
          <Form
            layout="inline"
            style={{ marginTop: 12, rowGap: 8 }}
            onFinish={async (values: { userId: string; role: ProjectRole }) => {
              try {
                await api.put(`/api/v1/projects/${projectId}/members/${values.userId}`, { role: values.role });
                await reload();
              } catch (caught) {
                void message.error(errorText(caught));
              }
            }}
          >
            <Form.Item name="userId" rules={[{ required: true }]}><Select style={{ width: 160 }} placeholder={t('username')} options={(users.data?.users ?? []).map((user) => ({ value: user.id, label: user.username }))} /></Form.Item>
            <Form.Item name="role" initialValue="member"><Select style={{ width: 110 }} options={['admin', 'member', 'viewer'].map((value) => ({ value, label: value }))} /></Form.Item>
            <Button htmlType="submit">{t('save')}</Button>
          </Form>
        )}
      </Card>
      {manage && (
        <Card title={t('planRoles')}>
          <Form
            layout="inline"
            style={{ rowGap: 8 }}
            onFinish={async (values: { planRole: string; userIds: string[] }) => {
              try {
                await api.put(`/api/v1/projects/${projectId}/plan-roles/${encodeURIComponent(values.planRole)}`, { userIds: values.userIds ?? [] });
                await reload();
              } catch (caught) {
                void message.error(errorText(caught));
              }
            }}
          >
            <Form.Item name="planRole" rules={[{ required: true }]}><Select style={{ width: 140 }} placeholder="qa / ops" showSearch options={planRoleNames.map((value) => ({ value, label: value }))} mode={undefined} /></Form.Item>
            <Form.Item name="userIds"><Select mode="multiple" style={{ minWidth: 180 }} placeholder={t('members')} options={data.members.map((member) => ({ value: member.userId, label: member.username }))} /></Form.Item>
            <Button htmlType="submit">{t('save')}</Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
