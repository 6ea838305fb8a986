import { App, AutoComplete, Button, Card, Form, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProjectDetail, ProjectRole, User } from '../../server/api-types.js';
import { api } from '../api.js';
import { useLoad } from '../use-load.js';
import { useErrorText } from './login.js';

/** Who is in a project with which role, and who holds each plan role (qa, ops …); on the project page and in settings. */
export function ProjectAccess({ projectId, detail, reload }: { projectId: string; detail: ProjectDetail; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const manage = detail.role === 'admin';
  const users = useLoad(() => (manage ? api.get<{ users: User[] }>('/api/v1/users').catch(() => ({ users: [] })) : Promise.resolve({ users: [] as User[] })), [manage]);
  const planRoleNames = [...new Set(detail.planRoles.map((holder) => holder.planRole))];
  // Saving a plan role replaces its holders, so choosing one starts from who holds it now.
  const holdersOf = (planRole: string) => detail.planRoles.filter((holder) => holder.planRole === planRole).map((holder) => holder.userId);
  const [memberForm] = Form.useForm();
  const [planRoleForm] = Form.useForm();
  return (
    <>
      <Card title={t('members')} data-testid="project-members">
        <Table
          size="small"
          rowKey="userId"
          pagination={false}
          dataSource={[...detail.members]}
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
            { title: t('planRoles'), render: (_: unknown, member) => detail.planRoles.filter((holder) => holder.userId === member.userId).map((holder) => <Tag color="blue" key={holder.planRole}>{holder.planRole}</Tag>) },
          ]}
        />
        {manage && (
          <Form
            form={memberForm}
            name="member"
            layout="inline"
            style={{ marginTop: 12, rowGap: 8 }}
            onFinish={async (values: { userId: string; role: ProjectRole }) => {
              try {
                await api.put(`/api/v1/projects/${projectId}/members/${values.userId}`, { role: values.role });
                memberForm.resetFields();
                await reload();
              } catch (caught) {
                void message.error(errorText(caught));
              }
            }}
          >
            <Form.Item name="userId" rules={[{ required: true }]}><Select style={{ width: 160 }} placeholder={t('username')} showSearch optionFilterProp="label" onOpenChange={(open) => open && void users.reload()} options={(users.data?.users ?? []).map((user) => ({ value: user.id, label: user.username }))} /></Form.Item>
            <Form.Item name="role" initialValue="member"><Select style={{ width: 110 }} options={['admin', 'member', 'viewer'].map((value) => ({ value, label: value }))} /></Form.Item>
            <Button htmlType="submit">{t('save')}</Button>
          </Form>
        )}
      </Card>
      {manage && (
        <Card title={t('planRoles')}>
          <Form
            form={planRoleForm}
            name="plan-role"
            layout="inline"
            style={{ rowGap: 8 }}
            onFinish={async (values: { planRole: string; userIds: string[] }) => {
              try {
                await api.put(`/api/v1/projects/${projectId}/plan-roles/${encodeURIComponent(values.planRole)}`, { userIds: values.userIds ?? [] });
                planRoleForm.resetFields();
                await reload();
              } catch (caught) {
                void message.error(errorText(caught));
              }
            }}
          >
            <Form.Item name="planRole" rules={[{ required: true }]}><AutoComplete style={{ width: 140 }} placeholder="qa / ops" options={planRoleNames.map((value) => ({ value }))} onChange={(planRole: string) => planRoleForm.setFieldValue('userIds', holdersOf(planRole))} /></Form.Item>
            <Form.Item name="userIds"><Select mode="multiple" optionFilterProp="label" style={{ minWidth: 180 }} placeholder={t('members')} options={detail.members.map((member) => ({ value: member.userId, label: member.username }))} /></Form.Item>
            <Button htmlType="submit">{t('save')}</Button>
          </Form>
        </Card>
      )}
    </>
  );
}
