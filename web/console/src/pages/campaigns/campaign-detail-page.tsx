import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import {
  CarryOutOutlined,
  CopyOutlined,
  EditOutlined,
  ExportOutlined,
  FieldTimeOutlined,
  QrcodeOutlined,
  ReloadOutlined,
  SendOutlined,
  ShareAltOutlined,
  StopOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Campaign, CampaignItem } from '../../api/types';
import type { CampaignShare, GenerateResult } from '../../api/fulfilment-types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { CampaignStatusTag } from '../../components/tags';
import { useApiData } from '../../components/use-api-data';
import { MarkdownView } from '../../components/markdown-view';
import { fetchAllWarehouses } from '../../components/reference-data';
import { formatDateTime, formatDateTimeSeconds } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { copyText } from '../../../../shared/clipboard';
import { durationParts, pad2 } from '../../../../shared/time';
import {
  campaignShareUrl,
  canManageCampaign,
  isCancelable,
  isEditable,
  thresholdPercent,
  thresholdText,
} from './campaign-model';
import { CampaignEntries } from './campaign-entries';
import { ReferralLinkModal } from '../distribution/referral-link';
import { CampaignGroupsCard, canPublishToGroups, PublishToGroupsModal, ShareCardsModal, useCampaignGroups } from './campaign-groups';
import { AudiencePanel } from '../crm/audience-panel';

const LIVE_REFRESH_MS = 5000;

/** Ticks every second while `active`, for countdowns. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** One campaign: status and actions, live figures (polled while live), items' progress, share link, 接龙 list. */
export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const campaign = useApiData(() => api.get<Campaign>(`/campaigns/${id}`), id);
  // Leaders cannot list warehouses (GET /warehouses is owner/operator): they see the id.
  const canSeeWarehouses = can('inventory.read');
  const warehouses = useApiData(async () => (canSeeWarehouses ? fetchAllWarehouses() : []), canSeeWarehouses ? 'warehouses' : 'none');
  const c = campaign.data;
  const live = c?.status === 'live';
  const { reload } = campaign;
  const now = useNow(c?.status === 'live' || c?.status === 'scheduled');
  const [lastRefresh, setLastRefresh] = useState<number | null>(null);
  const [sharing, setSharing] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [shareCards, setShareCards] = useState<CampaignShare[] | null>(null);
  const [groupsVersion, setGroupsVersion] = useState(0);
  const groupsCapability = can('campaigns.publishToGroups');
  const groups = useCampaignGroups(id, groupsVersion);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      reload();
      setLastRefresh(Date.now());
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reload]);

  const listCrumb = { title: t('campaigns.title'), to: '/campaigns' };
  if (campaign.error && !c) {
    return (
      <PageContainer title={t('campaigns.detailTitle')} breadcrumb={[listCrumb]}>
        {campaign.error.status === 404 ? (
          <Result status="404" title={t('campaigns.notFound')} />
        ) : (
          <ProblemAlert error={campaign.error} onRetry={campaign.reload} />
        )}
      </PageContainer>
    );
  }
  if (!c) {
    return (
      <PageContainer title={t('campaigns.detailTitle')} breadcrumb={[listCrumb]}>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }

  const manage = can('campaigns.write') && canManageCampaign(me.actor, c);
  const shareUrl = campaignShareUrl(me.tenant.slug, c.id);
  const warehouse = warehouses.data?.find((w) => w.id === c.warehouseId);

  const canPublishGroups = groupsCapability && canPublishToGroups(c.status);
  const canEnd = manage && c.status === 'live';
  const canGenerate = manage && c.status === 'succeeded';
  const showLists = can('fulfilment.read') && c.status === 'succeeded';

  const confirmEnd = () =>
    modal.confirm({
      title: t('fulfilment.endCampaign.title'),
      content: <div data-testid="end-campaign-confirm">{t('fulfilment.endCampaign.body')}</div>,
      okText: t('fulfilment.endCampaign.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post<Campaign>(`/campaigns/${c.id}/end`);
          message.success(t('fulfilment.endCampaign.done'));
          campaign.reload();
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });

  const generate = async () => {
    try {
      const result = await api.post<GenerateResult>(`/campaigns/${c.id}/picking-lists`);
      modal.success({
        title: t('fulfilment.generate.title'),
        width: 480,
        content: (
          <div data-testid="generate-result">
            <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('fulfilment.generate.ordersAdded')}>
                <strong data-testid="generate-added">{result.ordersAdded}</strong>
              </Descriptions.Item>
              <Descriptions.Item label={t('fulfilment.generate.unassigned')}>
                <Typography.Text strong type={result.unassigned > 0 ? 'warning' : undefined} data-testid="generate-unassigned">
                  {result.unassigned}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            {result.ordersAdded === 0 && <Typography.Paragraph type="secondary">{t('fulfilment.generate.nothingNew')}</Typography.Paragraph>}
            {result.unassigned > 0 && <Typography.Paragraph type="warning">{t('fulfilment.generate.unassignedHint')}</Typography.Paragraph>}
          </div>
        ),
        okText: t('fulfilment.generate.viewLists'),
        onOk: () => navigate(`/fulfilment/picking-lists?campaignId=${encodeURIComponent(c.id)}`),
        closable: true,
      });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const act = async (action: 'publish' | 'cancel') => {
    try {
      const next = await api.post<Campaign>(`/campaigns/${c.id}/${action}`);
      message.success(t(action === 'publish' ? 'campaigns.published' : 'campaigns.canceled', { status: t(`campaigns.statuses.${next.status}`) }));
      campaign.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const confirmPublish = () =>
    modal.confirm({
      title: t('campaigns.publishConfirmTitle'),
      content: t('campaigns.publishConfirm'),
      okText: t('campaigns.publish'),
      cancelText: t('common.cancel'),
      onOk: () => act('publish'),
    });

  const confirmCancel = () =>
    modal.confirm({
      title: t('campaigns.cancelConfirmTitle', { title: c.title }),
      content: (
        <div data-testid="cancel-campaign-confirm">
          <p style={{ marginTop: 0 }}>{t('campaigns.cancelConfirm')}</p>
          {c.figures.paidOrders > 0 && (
            <Typography.Text type="danger">
              {t('campaigns.cancelRefunds', { count: c.figures.paidOrders, amount: formatFen(c.figures.gmvFen) })}
            </Typography.Text>
          )}
        </div>
      ),
      okText: t('campaigns.cancelCampaign'),
      okButtonProps: { danger: true },
      cancelText: t('campaigns.keepCampaign'),
      onOk: () => act('cancel'),
    });

  const copy = async () => {
    if (await copyText(shareUrl)) message.success(t('common.copied'));
    else message.error(t('campaigns.copyFailed'));
  };

  const countdown = (() => {
    if (c.status === 'live') return { label: t('campaigns.endsIn'), ms: Date.parse(c.endsAt) - now };
    if (c.status === 'scheduled') return { label: t('campaigns.startsIn'), ms: Date.parse(c.startsAt) - now };
    return null;
  })();
  const durationText = (ms: number) => {
    const p = durationParts(ms);
    return p.days > 0
      ? t('campaigns.durationDays', { days: p.days, hms: `${pad2(p.hours)}:${pad2(p.minutes)}:${pad2(p.seconds)}` })
      : `${pad2(p.hours)}:${pad2(p.minutes)}:${pad2(p.seconds)}`;
  };

  const itemColumns: TableColumnsType<CampaignItem> = [
    {
      title: t('campaigns.items.item'),
      key: 'item',
      render: (_, i) => <span style={{ fontWeight: 500 }}>{i.title}</span>,
    },
    {
      title: t('campaigns.items.price'),
      dataIndex: 'priceFen',
      width: 110,
      align: 'right',
      render: (v: number) => formatFen(v),
    },
    {
      title: t('campaigns.items.perMemberLimit'),
      dataIndex: 'perMemberLimit',
      width: 100,
      align: 'right',
      render: (v: number | null) => v ?? t('campaigns.items.unlimited'),
    },
    {
      title: t('campaigns.items.progress'),
      key: 'progress',
      width: 300,
      render: (_, i) => {
        const cap = Math.max(1, i.cap);
        return (
          <div data-testid="item-progress">
            <Progress
              percent={Math.round(((i.sold + i.reserved) / cap) * 100)}
              success={{ percent: Math.round((i.sold / cap) * 100) }}
              strokeColor="#ffc069"
              showInfo={false}
              size="small"
              style={{ margin: 0 }}
            />
            <div className="item-progress-legend">
              <span>
                <span className="legend-dot" style={{ background: '#52c41a' }} />
                {t('campaigns.items.sold')} {i.sold}
              </span>
              <span>
                <span className="legend-dot" style={{ background: '#ffc069' }} />
                {t('campaigns.items.reserved')} {i.reserved}
              </span>
              <span>
                <span className="legend-dot" style={{ background: '#f0f0f0', border: '1px solid #d9d9d9' }} />
                {t('campaigns.items.left')} {i.left} / {i.cap}
              </span>
            </div>
          </div>
        );
      },
    },
  ];

  const thresholdReached =
    c.threshold.kind === 'participants' ? c.figures.participants : c.threshold.kind === 'units' ? c.figures.unitsSold : null;

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          <span data-testid="campaign-title">{c.title}</span>
          <CampaignStatusTag status={c.status} />
        </Space>
      }
      documentTitle={c.title}
      breadcrumb={[listCrumb, { title: c.title }]}
      intro={<span className="mono">{c.id}</span>}
      extra={
        <>
          {/* A leader's own share link carries their referral code, so members who come through it are bound to them. */}
          {can('distribution.mine') && c.status !== 'draft' && (
            <Button icon={<QrcodeOutlined />} onClick={() => setSharing(true)} data-testid="campaign-referral-link">
              {t('distribution.mine.shareButton')}
            </Button>
          )}
          <Button icon={<UnorderedListOutlined />} onClick={() => navigate(`/orders?campaignId=${encodeURIComponent(c.id)}`)}>
            {t('campaigns.viewOrders')}
          </Button>
          {showLists && (
            <Button icon={<UnorderedListOutlined />} onClick={() => navigate(`/fulfilment/picking-lists?campaignId=${encodeURIComponent(c.id)}`)} data-testid="campaign-picking-lists">
              {t('fulfilment.lists.title')}
            </Button>
          )}
          {canGenerate && (
            <Tooltip title={t('fulfilment.generate.help')}>
              <Button icon={<CarryOutOutlined />} onClick={() => void generate()} data-testid="campaign-generate-lists">
                {t('fulfilment.generate.button')}
              </Button>
            </Tooltip>
          )}
          {canPublishGroups && (
            <Button icon={<ShareAltOutlined />} onClick={() => setPublishing(true)} data-testid="campaign-publish-groups">
              {t('fulfilment.publish.button')}
            </Button>
          )}
          {manage && isEditable(c.status) && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/campaigns/${c.id}/edit`)} data-testid="campaign-edit">
              {t('common.edit')}
            </Button>
          )}
          {manage && isCancelable(c.status) && (
            <Button danger icon={<StopOutlined />} onClick={confirmCancel} data-testid="campaign-cancel">
              {t('campaigns.cancelCampaign')}
            </Button>
          )}
          {canEnd && (
            <Button danger icon={<FieldTimeOutlined />} onClick={confirmEnd} data-testid="campaign-end">
              {t('fulfilment.endCampaign.button')}
            </Button>
          )}
          {manage && c.status === 'draft' && (
            <Button type="primary" icon={<SendOutlined />} onClick={confirmPublish} data-testid="campaign-publish">
              {t('campaigns.publish')}
            </Button>
          )}
        </>
      }
    >
      {campaign.error && <ProblemAlert error={campaign.error} onRetry={campaign.reload} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="campaign-figures">
        <Col xs={12} lg={6}>
          <Card variant="borderless" className="figure-card">
            <Statistic
              title={t('campaigns.figures.participants')}
              value={c.figures.participants}
              suffix={
                c.threshold.kind === 'participants' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                    / {c.threshold.value}
                  </Typography.Text>
                ) : undefined
              }
            />
            <Tooltip title={thresholdText(t, c.threshold)}>
              <Progress
                percent={thresholdPercent(c)}
                size="small"
                status={thresholdPercent(c) >= 100 ? 'success' : 'active'}
                format={() => (thresholdReached === null ? t('campaigns.threshold.noneShort') : `${thresholdPercent(c)}%`)}
              />
            </Tooltip>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card variant="borderless" className="figure-card">
            <Statistic title={t('campaigns.figures.paidOrders')} value={c.figures.paidOrders} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {thresholdText(t, c.threshold)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card variant="borderless" className="figure-card">
            <Statistic
              title={t('campaigns.figures.unitsSold')}
              value={c.figures.unitsSold}
              suffix={
                c.threshold.kind === 'units' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                    / {c.threshold.value}
                  </Typography.Text>
                ) : undefined
              }
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('campaigns.figures.reservedNow', { count: c.items.reduce((s, i) => s + i.reserved, 0) })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card variant="borderless" className="figure-card">
            <Statistic title={t('campaigns.figures.gmv')} value={formatFen(c.figures.gmvFen)} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {live ? (
                <>
                  <ReloadOutlined spin={campaign.loading} style={{ marginInlineEnd: 4 }} />
                  {t('campaigns.figures.autoRefresh')}
                  {lastRefresh ? ` · ${formatDateTimeSeconds(new Date(lastRefresh).toISOString()).slice(11)}` : ''}
                </>
              ) : (
                t('campaigns.figures.gmvHelp')
              )}
            </Typography.Text>
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={16}>
          <Card title={t('campaigns.items.title')} variant="borderless">
            <Table<CampaignItem>
              rowKey="id"
              size="middle"
              columns={itemColumns}
              dataSource={c.items}
              pagination={false}
              scroll={{ x: 680 }}
              data-testid="campaign-item-table"
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('campaigns.share.title')} variant="borderless" style={{ marginBottom: 16 }}>
            <div className="share-url mono" data-testid="share-url">
              {shareUrl}
            </div>
            <Space wrap>
              <Button type="primary" ghost icon={<CopyOutlined />} onClick={() => void copy()} data-testid="share-copy">
                {t('campaigns.share.copy')}
              </Button>
              <Button icon={<ExportOutlined />} href={shareUrl} target="_blank">
                {t('campaigns.share.open')}
              </Button>
            </Space>
            <Typography.Paragraph type={c.status === 'draft' ? 'warning' : 'secondary'} style={{ margin: '8px 0 0', fontSize: 12 }}>
              {c.status === 'draft' ? t('campaigns.share.draftHelp') : t('campaigns.share.help')}
            </Typography.Paragraph>
          </Card>
          {/* Open campaigns may be published; closed ones show where they were, if anywhere. */}
          {groupsCapability && c.status !== 'draft' && (canPublishGroups || (groups.data?.length ?? 0) > 0) && (
            <CampaignGroupsCard
              campaign={c}
              groups={groups}
              canPublish={canPublishGroups}
              canUnpublish={groupsCapability}
              onPublish={() => setPublishing(true)}
              onShow={setShareCards}
              onChanged={() => setGroupsVersion((v) => v + 1)}
            />
          )}
          {can('crm.read') && <AudiencePanel campaignId={c.id} />}
          <Card title={t('campaigns.info')} variant="borderless">
            {countdown && (
              <div style={{ marginBottom: 12 }}>
                <Typography.Text type="secondary">{countdown.label}</Typography.Text>{' '}
                <Typography.Text strong className="mono" style={{ fontSize: 16 }}>
                  {durationText(countdown.ms)}
                </Typography.Text>
              </div>
            )}
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('campaigns.form.startsAt')}>{formatDateTime(c.startsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.form.endsAt')}>{formatDateTime(c.endsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.form.threshold')}>{thresholdText(t, c.threshold)}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.form.fulfilment')}>{t(`campaigns.fulfilment.${c.fulfilment}`)}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.form.warehouse')}>
                {warehouse ? warehouse.name : <span className="mono">{c.warehouseId}</span>}
              </Descriptions.Item>
              {c.publishedAt && (
                <Descriptions.Item label={t('campaigns.publishedAt')}>{formatDateTime(c.publishedAt)}</Descriptions.Item>
              )}
              {c.settledAt && <Descriptions.Item label={t('campaigns.settledAt')}>{formatDateTime(c.settledAt)}</Descriptions.Item>}
              {c.canceledAt && (
                <Descriptions.Item label={t('campaigns.canceledAt')}>{formatDateTime(c.canceledAt)}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
            </Descriptions>
            {c.description.trim() && (
              <MarkdownView source={c.description} foldAt={220} className="campaign-description" data-testid="campaign-description" />
            )}
          </Card>
        </Col>
      </Row>

      <ReferralLinkModal campaign={c} open={sharing} onClose={() => setSharing(false)} />
      {groupsCapability && (
        <>
          <PublishToGroupsModal
            campaign={c}
            open={publishing}
            published={(groups.data ?? []).map((g) => g.groupId)}
            onClose={() => setPublishing(false)}
            onPublished={(shares) => {
              message.success(t('fulfilment.publish.published', { count: shares.length }));
              setGroupsVersion((v) => v + 1);
              setShareCards(shares);
            }}
          />
          <ShareCardsModal campaign={c} shares={shareCards} onClose={() => setShareCards(null)} />
        </>
      )}
      {c.status !== 'draft' ? (
        <CampaignEntries tenant={me.tenant.slug} campaignId={c.id} refreshMs={live ? LIVE_REFRESH_MS * 2 : null} />
      ) : (
        <Card variant="borderless">
          <Typography.Text type="secondary">
            {t('campaigns.draftHint')} {manage && <Link to={`/campaigns/${c.id}/edit`}>{t('common.edit')}</Link>}
          </Typography.Text>
        </Card>
      )}
    </PageContainer>
  );
}
