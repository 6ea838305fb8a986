import { Alert, Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditVerification } from '../../server/api-types.js';
import { api } from '../api.js';
import { pickText } from '../i18n.js';
import { useLoad } from '../use-load.js';
import { useMoment } from '../moment.js';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const moment = useMoment();
  const { data } = useLoad(() => api.get<{ entries: AuditEntry[] }>('/api/v1/audit?limit=500'), []);
  const [verification, setVerification] = useState<AuditVerification>();
  return (
    <Card title={t('audit')} extra={<Button onClick={async () => setVerification(await api.get<AuditVerification>('/api/v1/audit/verify'))}>{t('auditVerify')}</Button>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {verification && (
          <Alert
            type={verification.ok ? 'success' : 'error'}
            title={verification.ok ? t('auditOk', { n: verification.entries }) : t('auditBroken')}
            description={verification.problems.map((problem) => pickText(problem, i18n.language)).join('\n') || undefined}
          />
        )}
        <Table
          size="small"
          rowKey="seq"
          scroll={{ x: true }}
          dataSource={[...(data?.entries ?? [])].reverse()}
          columns={[
            { title: '#', dataIndex: 'seq' },
            { title: t('when'), render: (_: unknown, entry: AuditEntry) => moment(entry.at) },
            { title: t('who'), dataIndex: 'actor' },
            { title: t('action'), dataIndex: 'action' },
            { title: t('subject'), render: (_: unknown, entry: AuditEntry) => [entry.runId, entry.subject].filter(Boolean).join(' · ') },
          ]}
        />
      </Space>
    </Card>
  );
}
