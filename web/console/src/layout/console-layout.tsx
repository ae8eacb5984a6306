import { Suspense, useEffect, useMemo, useState } from 'react';
import { App, Avatar, Badge, Button, Dropdown, Layout, Menu, Space, Spin, Tooltip, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined,
  ApiOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CarOutlined,
  ClockCircleOutlined,
  ContactsOutlined,
  ContainerOutlined,
  ImportOutlined,
  ScanOutlined,
  CommentOutlined,
  CrownOutlined,
  EnvironmentOutlined,
  SafetyCertificateOutlined,
  PercentageOutlined,
  SettingOutlined,
  ShareAltOutlined,
  SolutionOutlined,
  TransactionOutlined,
  WalletOutlined,
  DatabaseOutlined,
  FilterOutlined,
  GlobalOutlined,
  IdcardOutlined,
  LineChartOutlined,
  TagsOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MessageOutlined,
  ProfileOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  ShoppingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../session';
import { changeLanguage, currentLanguage } from '../i18n';
import type { Capability } from '../access';
import { RoleTag } from '../components/tags';
import { useApiData } from '../components/use-api-data';
import { fetchUncollected } from '../pages/fulfilment/fulfilment-data';
import { DEFAULT_UNCOLLECTED_DAYS } from '../pages/fulfilment/fulfilment-model';

interface NavItem {
  key: string;
  label: string;
  icon: React.ReactNode;
  capability?: Capability;
  children?: NavItem[];
  /** A count shown beside the label (e.g. orders waiting too long). */
  badge?: { count: number; title: string } | null;
}

/** The sider menu: groups appear only when the role can open at least one page in them. */
function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  const me = useMe();
  const isLeader = me.actor.role === 'leader';
  const uncollected = useUncollectedBadge();
  return [
    { key: '/', label: t('menu.home'), icon: <HomeOutlined /> },
    {
      key: 'sales',
      label: t('menu.sales'),
      icon: <ShoppingCartOutlined />,
      children: [
        { key: '/campaigns', label: t('menu.campaigns'), icon: <ThunderboltOutlined />, capability: 'campaigns.read' },
        { key: '/orders', label: t('menu.orders'), icon: <ProfileOutlined />, capability: 'orders.read' },
      ],
    },
    {
      key: 'distribution',
      label: t('menu.distribution'),
      icon: <ShareAltOutlined />,
      children: [
        { key: '/my-commission', label: t('menu.myCommission'), icon: <WalletOutlined />, capability: 'distribution.mine' },
        { key: '/distribution/distributors', label: t('menu.distributors'), icon: <SolutionOutlined />, capability: 'distribution.read' },
        { key: '/distribution/policies', label: t('menu.policies'), icon: <PercentageOutlined />, capability: 'distribution.read' },
        { key: '/distribution/balances', label: t('menu.balances'), icon: <WalletOutlined />, capability: 'distribution.read' },
        { key: '/distribution/ledger', label: t('menu.ledger'), icon: <BookOutlined />, capability: 'distribution.read' },
        { key: '/distribution/payouts', label: t('menu.payouts'), icon: <TransactionOutlined />, capability: 'distribution.read' },
        { key: '/distribution/team-report', label: t('menu.teamReport'), icon: <BarChartOutlined />, capability: 'distribution.read' },
        { key: '/distribution/settings', label: t('menu.distributionSettings'), icon: <SettingOutlined />, capability: 'distribution.read' },
      ],
    },
    {
      key: 'community',
      label: t('menu.community'),
      icon: <CommentOutlined />,
      children: [
        { key: '/groups', label: isLeader ? t('menu.myGroups') : t('menu.groups'), icon: <TeamOutlined />, capability: 'community.read' },
        { key: '/community/members', label: isLeader ? t('menu.myMembers') : t('menu.members'), icon: <ContactsOutlined />, capability: 'community.read' },
        { key: '/moderation', label: t('menu.moderation'), icon: <SafetyCertificateOutlined />, capability: 'community.manage' },
        { key: '/community/playbooks', label: t('menu.playbooks'), icon: <AlertOutlined />, capability: 'playbooks.read' },
        { key: '/leaders', label: t('menu.leaders'), icon: <CrownOutlined />, capability: 'leaders.decide' },
        { key: '/pickup-points', label: t('menu.pickupPoints'), icon: <EnvironmentOutlined />, capability: 'community.read' },
        { key: '/community/imports', label: t('menu.memberImports'), icon: <ImportOutlined />, capability: 'members.import' },
        { key: '/community/chat', label: t('menu.chat'), icon: <ApiOutlined />, capability: 'chat.manage' },
      ],
    },
    {
      key: 'crm',
      label: t('menu.crm'),
      icon: <IdcardOutlined />,
      children: [
        { key: '/crm/profiles', label: t('menu.crmProfiles'), icon: <UserOutlined />, capability: 'crm.read' },
        { key: '/crm/segments', label: t('menu.crmSegments'), icon: <FilterOutlined />, capability: 'crm.read' },
        { key: '/crm/tags', label: t('menu.crmTags'), icon: <TagsOutlined />, capability: 'crm.read' },
        { key: '/crm/lifecycle', label: t('menu.crmLifecycle'), icon: <LineChartOutlined />, capability: 'crm.read' },
        { key: '/crm/koc', label: t('crmx.menu.koc'), icon: <CrownOutlined />, capability: 'crm.read' },
        { key: '/crm/tiers', label: t('crmx.menu.tiers'), icon: <TrophyOutlined />, capability: 'crm.read' },
      ],
    },
    {
      key: 'fulfilment',
      label: t('menu.fulfilment'),
      icon: <CarOutlined />,
      children: [
        { key: '/fulfilment/picking-lists', label: t('menu.pickingLists'), icon: <ContainerOutlined />, capability: 'fulfilment.read' },
        { key: '/fulfilment/verify', label: t('menu.verifyPickup'), icon: <ScanOutlined />, capability: 'fulfilment.verify' },
        {
          key: '/fulfilment/uncollected',
          label: t('menu.uncollected'),
          icon: <ClockCircleOutlined />,
          capability: 'fulfilment.read',
          badge: uncollected,
        },
      ],
    },
    {
      key: 'catalog',
      label: t('menu.catalog'),
      icon: <ShoppingOutlined />,
      children: [
        {
          key: '/products',
          label: isLeader ? t('products.libraryTitle') : t('menu.products'),
          icon: <AppstoreOutlined />,
          capability: 'products.read',
        },
      ],
    },
    {
      key: 'inventory',
      label: t('menu.inventory'),
      icon: <DatabaseOutlined />,
      children: [
        { key: '/warehouses', label: t('menu.warehouses'), icon: <ShopOutlined />, capability: 'inventory.read' },
        { key: '/stock', label: t('menu.stock'), icon: <DatabaseOutlined />, capability: 'inventory.read' },
      ],
    },
    {
      key: 'organization',
      label: t('menu.organization'),
      icon: <ApartmentOutlined />,
      children: [
        { key: '/org-units', label: t('menu.orgUnits'), icon: <ApartmentOutlined />, capability: 'orgUnits.read' },
        { key: '/users', label: t('menu.users'), icon: <TeamOutlined />, capability: 'users.manage' },
        { key: '/api-tokens', label: t('menu.apiTokens'), icon: <KeyOutlined />, capability: 'apiTokens.manage' },
      ],
    },
    {
      key: 'developer',
      label: t('menu.developer'),
      icon: <AuditOutlined />,
      children: [
        { key: '/sandbox/sms', label: t('menu.sandboxSms'), icon: <MessageOutlined />, capability: 'sandbox.read' },
        { key: '/audit-log', label: t('menu.auditLog'), icon: <AuditOutlined />, capability: 'audit.read' },
      ],
    },
  ];
}

const BADGE_REFRESH_MS = 5 * 60_000;

/** How many orders wait at pickup points longer than the default days, for the menu; refreshed every few minutes. */
function useUncollectedBadge(): NavItem['badge'] {
  const { t } = useTranslation();
  const { can } = useSession();
  const enabled = can('fulfilment.read');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setTick((n) => n + 1), BADGE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [enabled]);
  const data = useApiData(async () => (enabled ? (await fetchUncollected(DEFAULT_UNCOLLECTED_DAYS)).items.length : 0), `uncollected-badge:${enabled}:${tick}`);
  const count = data.data ?? 0;
  return count > 0 ? { count, title: t('fulfilment.uncollected.badge', { count, days: DEFAULT_UNCOLLECTED_DAYS }) } : null;
}

// Pages reached from a menu page that have no menu entry of their own.
const MENU_PARENTS: [prefix: string, key: string][] = [['/distribution/statements/', '/distribution/balances']];

function selectedKeyFor(path: string, keys: string[]): string {
  const pathname = MENU_PARENTS.find(([prefix]) => path.startsWith(prefix))?.[1] ?? path;
  let best = '/';
  for (const key of keys) {
    if (key !== '/' && (pathname === key || pathname.startsWith(`${key}/`)) && key.length > best.length) best = key;
  }
  return best;
}

function MenuLabel({ label, badge }: { label: string; badge: NonNullable<NavItem['badge']> }) {
  return (
    <span className="menu-label-badge">
      <span>{label}</span>
      <Badge count={badge.count} size="small" overflowCount={99} title={badge.title} data-testid="menu-badge" />
    </span>
  );
}

/** Sider + header frame of every signed-in console page. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const { can, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const nav = useNavItems();

  const { items, leafKeys, groupKeys } = useMemo(() => {
    const leafKeys: string[] = [];
    const groupKeys: string[] = [];
    const visible = (item: NavItem) => !item.capability || can(item.capability);
    const items: MenuProps['items'] = [];
    for (const item of nav) {
      if (item.children) {
        const children = item.children.filter(visible);
        if (children.length === 0) continue;
        groupKeys.push(item.key);
        leafKeys.push(...children.map((c) => c.key));
        items.push({
          key: item.key,
          label: item.label,
          icon: item.icon,
          children: children.map((c) => ({ key: c.key, label: c.badge ? <MenuLabel label={c.label} badge={c.badge} /> : c.label, icon: c.icon })),
        });
      } else if (visible(item)) {
        leafKeys.push(item.key);
        items.push({ key: item.key, label: item.label, icon: item.icon });
      }
    }
    return { items, leafKeys, groupKeys };
  }, [nav, can]);

  const selected = selectedKeyFor(location.pathname, leafKeys);
  const lang = currentLanguage();

  const onLogout = async () => {
    await logout().catch(() => undefined);
    message.success(t('header.loggedOut'));
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={220}
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        trigger={null}
        theme="light"
        style={{ borderRight: '1px solid rgba(5,5,5,0.06)', position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div className="console-logo">
          <span className="console-logo-mark">团</span>
          {!collapsed && (
            <span>
              {t('app.name')} <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>{t('app.console')}</Typography.Text>
            </span>
          )}
        </div>
        <Menu
          mode="inline"
          items={items}
          selectedKeys={[selected]}
          defaultOpenKeys={groupKeys}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 'none', paddingTop: 8 }}
        />
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="console-header">
          <Button
            type="text"
            aria-label="toggle menu"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((c) => !c)}
          />
          <Space size={6}>
            <ShopOutlined style={{ color: '#8c8c8c' }} />
            <Typography.Text strong data-testid="tenant-name">
              {me.tenant.name}
            </Typography.Text>
          </Space>
          <div className="console-header-right">
            <Tooltip title={t('lang.label')}>
              <Button
                type="text"
                icon={<GlobalOutlined />}
                onClick={() => void changeLanguage(lang === 'en' ? 'zh-CN' : 'en')}
              >
                {t('lang.switchTo')}
              </Button>
            </Tooltip>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('header.logout'),
                    onClick: () => void onLogout(),
                  },
                ],
              }}
            >
              <Button type="text" style={{ height: 40 }} data-testid="user-menu">
                <Space size={8}>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: '#fa541c' }} />
                  <span>{me.actor.name}</span>
                  <RoleTag role={me.actor.role} />
                </Space>
              </Button>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="console-content">
          <Suspense
            fallback={
              <div style={{ padding: 80, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
