import { Card, Col, Row, Typography } from 'antd';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  CommentOutlined,
  DatabaseOutlined,
  KeyOutlined,
  MessageOutlined,
  ProfileOutlined,
  RightOutlined,
  SolutionOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../session';
import type { Capability } from '../access';
import { PageContainer } from '../components/page-container';

interface Shortcut {
  to: string;
  label: string;
  icon: React.ReactNode;
  capability: Capability;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useSession();
  const role = me.actor.role;

  const allShortcuts: Shortcut[] = [
    { to: '/campaigns', label: t('menu.campaigns'), icon: <ThunderboltOutlined />, capability: 'campaigns.read' },
    { to: '/orders', label: t('menu.orders'), icon: <ProfileOutlined />, capability: 'orders.read' },
    {
      to: '/products',
      label: role === 'leader' ? t('products.libraryTitle') : t('menu.products'),
      icon: <AppstoreOutlined />,
      capability: 'products.read',
    },
    { to: '/groups', label: role === 'leader' ? t('menu.myGroups') : t('menu.groups'), icon: <CommentOutlined />, capability: 'community.read' },
    { to: '/my-commission', label: t('menu.myCommission'), icon: <WalletOutlined />, capability: 'distribution.mine' },
    { to: '/distribution/distributors', label: t('menu.distributors'), icon: <SolutionOutlined />, capability: 'distribution.read' },
    { to: '/stock', label: t('menu.stock'), icon: <DatabaseOutlined />, capability: 'inventory.read' },
    { to: '/org-units', label: t('menu.orgUnits'), icon: <ApartmentOutlined />, capability: 'orgUnits.read' },
    { to: '/users', label: t('menu.users'), icon: <TeamOutlined />, capability: 'users.manage' },
    { to: '/api-tokens', label: t('menu.apiTokens'), icon: <KeyOutlined />, capability: 'apiTokens.manage' },
    { to: '/sandbox/sms', label: t('menu.sandboxSms'), icon: <MessageOutlined />, capability: 'sandbox.read' },
  ];
  const shortcuts = allShortcuts.filter((s) => can(s.capability));

  const steps = [
    { text: t('home.step1'), to: '/org-units' },
    { text: t('home.step2'), to: '/products/new' },
    { text: t('home.step3'), to: '/warehouses' },
    { text: t('home.step4'), to: '/users' },
  ];

  return (
    <PageContainer
      title={t('home.greeting', { name: me.actor.name })}
      intro={t('home.intro', { tenant: me.tenant.name, role: t(`roles.${role}`) })}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={role === 'owner' ? 14 : 24}>
          <Card title={t('home.quickLinks')} variant="borderless">
            {role === 'leader' && (
              <Typography.Paragraph type="secondary">{t('home.leaderIntro')}</Typography.Paragraph>
            )}
            <Row gutter={[12, 12]}>
              {shortcuts.map((s) => (
                <Col key={s.to} xs={12} md={8}>
                  <Link to={s.to}>
                    <Card size="small" hoverable>
                      <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
                        <span style={{ fontSize: 20, color: '#fa541c' }}>{s.icon}</span>
                        <Typography.Text>{s.label}</Typography.Text>
                      </div>
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        {role === 'owner' && (
          <Col xs={24} lg={10}>
            <Card title={t('home.gettingStarted')} variant="borderless">
              {steps.map((step, i) => (
                <Link key={step.to} to={step.to} className="step-link">
                  <span className="step-index">{i + 1}</span>
                  <Typography.Text style={{ flex: 1 }}>{step.text}</Typography.Text>
                  <RightOutlined style={{ color: '#bfbfbf', fontSize: 12 }} />
                </Link>
              ))}
            </Card>
          </Col>
        )}
        <Col span={24}>
          <Typography.Text type="secondary">{t('home.comingSoon')}</Typography.Text>
        </Col>
      </Row>
    </PageContainer>
  );
}
