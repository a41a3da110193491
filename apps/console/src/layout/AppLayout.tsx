import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, type MenuProps, Space, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { MessageKey } from '../i18n/messages';
import { usePreferences } from '../preferences/preferences';
import { useSession, type Viewer } from '../session/session';
import { NAVIGATION, selectedPath, visibleNavigation } from './navigation';
import { LocaleSwitch, ThemeSwitch } from './switches';

const ROLES = ['admin', 'operations', 'supplier_manager', 'sales', 'customer_service', 'analyst'];

function roleLabel(role: string, t: (k: MessageKey) => string): string {
  return ROLES.includes(role) ? t(`role.${role}` as MessageKey) : role;
}

export function AppLayout({ viewer }: { viewer: Viewer }) {
  const { t } = usePreferences();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();

  const groups = visibleNavigation(NAVIGATION, viewer.permissions);
  const items: MenuProps['items'] = groups.map((g) =>
    g.items.length === 1 && g.items[0]?.label === g.label
      ? { key: g.items[0].path, icon: g.items[0].icon, label: t(g.label) }
      : {
          type: 'group' as const,
          key: g.key,
          label: t(g.label),
          children: g.items.map((i) => ({ key: i.path, icon: i.icon, label: t(i.label) })),
        },
  );
  const selected = selectedPath(groups, location.pathname);

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider
        width={236}
        breakpoint="lg"
        collapsedWidth={64}
        // "light" components follow the antd algorithm (dark included): the sider matches the page in both themes.
        theme="light"
        style={{ borderRight: `1px solid ${token.colorSplit}` }}
      >
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            padding: '0 20px',
            fontWeight: 600,
            fontSize: 16,
            color: token.colorText,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          Tradeloop
        </div>
        <Menu
          mode="inline"
          theme="light"
          items={items}
          selectedKeys={selected ? [selected] : []}
          onClick={(e) => navigate(e.key)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorSplit}`,
            padding: '0 24px',
            height: 56,
            lineHeight: '56px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <Typography.Text strong>{t('app.name')}</Typography.Text>
          <Space size="middle">
            <LocaleSwitch />
            <ThemeSwitch />
            <Space size={8} data-testid="viewer">
              <Avatar size="small" icon={<UserOutlined />} />
              <Typography.Text>
                {viewer.via === 'token' && viewer.role === 'admin' ? t('header.admin') : viewer.name}
              </Typography.Text>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {roleLabel(viewer.role, t)}
              </Tag>
            </Space>
            <Tooltip title={t('header.signOut')}>
              <Button
                data-testid="sign-out"
                aria-label={t('header.signOut')}
                size="small"
                icon={<LogoutOutlined />}
                onClick={() => {
                  void signOut().then(() => navigate('/sign-in'));
                }}
              />
            </Tooltip>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
