import { App as AntApp, Button, ConfigProvider, Layout, Segmented, Space, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../server/api-types.js';
import { api, setCsrfToken } from './api.js';
import { setLanguage } from './i18n.js';
import { AuditPage } from './pages/audit.js';
import { LoginPage, SetupPage } from './pages/login.js';
import { PlanPage } from './pages/plan.js';
import { ProjectPage, ProjectsPage } from './pages/projects.js';
import { RunPage } from './pages/run.js';
import { SettingsPage } from './pages/settings.js';
import { navigate, useRoute } from './router.js';

// The after-launch views (rollout timeline, inspection grid, monitors) are chunks of their own, loaded when opened.
const RolloutPage = lazy(() => import('./pages/after-launch.js').then((module) => ({ default: module.RolloutPage })));
const InspectionsPage = lazy(() => import('./pages/after-launch.js').then((module) => ({ default: module.InspectionsPage })));
const MonitorsPage = lazy(() => import('./pages/monitors.js').then((module) => ({ default: module.MonitorsPage })));

function Shell() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const info = await api.get<SessionInfo>('/api/v1/session');
      setCsrfToken(info.csrfToken);
      setSession(info);
    } catch {
      setCsrfToken(null);
      setSession(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (session === null && route.page !== 'setup' && route.page !== 'login') {
      void api.get<{ needed: boolean }>('/api/v1/setup').then((status) => navigate(status.needed ? '/setup' : '/login'));
    }
  }, [session, route.page]);

  if (session === undefined) return <Spin style={{ margin: 48 }} />;
  const signedIn = (info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setSession(info);
    navigate('/');
  };

  let page;
  if (route.page === 'setup') page = <SetupPage onDone={signedIn} />;
  else if (route.page === 'login' || !session) page = <LoginPage onDone={signedIn} />;
  else if (route.page === 'project') page = <ProjectPage projectId={route.projectId} />;
  else if (route.page === 'plan') page = <PlanPage planId={route.planId} />;
  else if (route.page === 'run') page = <RunPage runId={route.runId} />;
  else if (route.page === 'rollout') page = <Suspense fallback={<Spin />}><RolloutPage runId={route.runId} /></Suspense>;
  else if (route.page === 'inspections') page = <Suspense fallback={<Spin />}><InspectionsPage runId={route.runId} /></Suspense>;
  else if (route.page === 'monitors') page = <Suspense fallback={<Spin />}><MonitorsPage runId={route.runId} /></Suspense>;
  else if (route.page === 'audit') page = <AuditPage />;
  else if (route.page === 'settings') page = <SettingsPage me={session.user} />;
  else page = <ProjectsPage isAdmin={session.user.isAdmin} />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 12px', flexWrap: 'wrap', height: 'auto', minHeight: 56, lineHeight: '56px' }}>
        <a href="/" onClick={(event) => { event.preventDefault(); navigate('/'); }} style={{ color: '#fff', fontWeight: 600, fontSize: 18 }}>
          {t('appName')}
        </a>
        {session && (
          <Space wrap size={4}>
            <Button type="link" style={{ color: '#fff' }} onClick={() => navigate('/')}>{t('projects')}</Button>
            {session.user.isAdmin && <Button type="link" style={{ color: '#fff' }} onClick={() => navigate('/audit')}>{t('audit')}</Button>}
            <Button type="link" style={{ color: '#fff' }} onClick={() => navigate('/settings')}>{t('settings')}</Button>
          </Space>
        )}
        <span style={{ flex: 1 }} />
        <Segmented size="small" aria-label={t('language')} value={i18n.language === 'zh-CN' ? 'zh-CN' : 'en'} options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} onChange={(value) => setLanguage(value as 'en' | 'zh-CN')} />
        {session && (
          <Button size="small" onClick={async () => { await api.delete('/api/v1/session'); setSession(null); navigate('/login'); }}>
            {t('signOut')} ({session.user.username})
          </Button>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1200, width: '100%', margin: '0 auto' }}>{page}</Layout.Content>
    </Layout>
  );
}

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
