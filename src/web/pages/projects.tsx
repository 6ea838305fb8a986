import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, Project, ProjectDetail, ProjectRole } from '../../server/api-types.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import { useErrorText } from './login.js';
import { ProjectAccess } from './project-access.js';
import { useMoment } from '../moment.js';

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
  const moment = useMoment();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const { data, error, reload } = useLoad(() => api.get<ProjectDetail>(`/api/v1/projects/${projectId}`), [projectId]);
  const [preview, setPreview] = useState<{ file: string; markdown: string; result: ImportPreview }>();
  const manage = data?.role === 'admin';

  if (error) return <Alert type="error" title={errorText(error)} />;
  if (!data) return null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{data.project.name}</Typography.Title>
      <Card title={t('plans')}>
        <List dataSource={[...data.plans]} renderItem={(plan) => (
          <List.Item onClick={() => navigate(`/plans/${plan.id}`)} style={{ cursor: 'pointer' }}>
            <List.Item.Meta title={<a>{plan.planName}</a>} description={`${plan.updatedBy} · ${moment(plan.updatedAt)}`} />
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
      <ProjectAccess projectId={projectId} detail={data} reload={reload} />
    </Space>
  );
}
