import { MenuOutlined } from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
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

/** The language switch, in the header on a wide screen and in the menu on a phone. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return <Segmented size="small" aria-label={t('language')} value={i18n.language === 'zh-CN' ? 'zh-CN' : 'en'} options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} onChange={(value) => setLanguage(value as 'en' | 'zh-CN')} />;
}

function Shell() {
  const { t } = useTranslation();
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  // Below antd's `md` (768 px) the header is one row: the name and a menu button; the rest opens in a drawer.
  const compact = Grid.useBreakpoint().md === false;
  const [menuOpen, setMenuOpen] = useState(false);

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

  const signOut = async () => {
    await api.delete('/api/v1/session');
    setSession(null);
    setMenuOpen(false);
    navigate('/login');
  };
  const links = session ? [{ path: '/', label: t('projects') }, ...(session.user.isAdmin ? [{ path: '/audit', label: t('audit') }] : []), { path: '/settings', label: t('settings') }] : [];
  const current = route.page === 'audit' ? '/audit' : route.page === 'settings' ? '/settings' : '/';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 12px', height: compact ? 48 : 'auto', minHeight: compact ? 48 : 56, lineHeight: compact ? '48px' : '56px', flexWrap: compact ? 'nowrap' : 'wrap' }}>
        <a href="/" onClick={(event) => { event.preventDefault(); navigate('/'); }} style={{ color: '#fff', fontWeight: 600, fontSize: compact ? 16 : 18, whiteSpace: 'nowrap' }}>
          {t('appName')}
        </a>
        {!compact && links.length > 0 && (
          <Space wrap size={4}>
            {links.map((link) => <Button key={link.path} type="link" style={{ color: '#fff' }} onClick={() => navigate(link.path)}>{link.label}</Button>)}
          </Space>
        )}
        <span style={{ flex: 1 }} />
        {compact ? (
          <Button type="text" data-testid="nav-menu" aria-label={t('menu')} icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setMenuOpen(true)} />
        ) : (
          <>
            <LanguageSwitch />
            {session && <Button size="small" onClick={signOut}>{t('signOut')} ({session.user.username})</Button>}
          </>
        )}
      </Layout.Header>
      {compact && (
        <Drawer open={menuOpen} onClose={() => setMenuOpen(false)} placement="right" size={260} title={session ? t('signedInAs', { name: session.user.username }) : t('appName')} styles={{ body: { padding: 0 } }}>
          {links.length > 0 && (
            <Menu
              mode="inline"
              selectedKeys={[current]}
              items={links.map((link) => ({ key: link.path, label: link.label }))}
              onClick={({ key }) => {
                setMenuOpen(false);
                navigate(key);
              }}
            />
          )}
          <div style={{ padding: 16 }}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Space>
                <Typography.Text type="secondary">{t('language')}</Typography.Text>
                <LanguageSwitch />
              </Space>
              {session && <Button block onClick={signOut}>{t('signOut')}</Button>}
            </Space>
          </div>
        </Drawer>
      )}
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

// The browser's default 8 px body margin framed the layout in white (16 px lost on a phone).
document.body.style.margin = '0';
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
