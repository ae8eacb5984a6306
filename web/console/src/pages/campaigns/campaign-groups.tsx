import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, List, Modal, Popconfirm, Row, Select, Space, Spin, Tooltip, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, ShareAltOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Campaign } from '../../api/types';
import type { CampaignShare } from '../../api/fulfilment-types';
import { useMe } from '../../session';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { copyText } from '../../../../shared/clipboard';
import { currentLanguage } from '../../i18n';
import { useGroupOptions } from '../community/community-data';
import { chinaDeadline, downloadDataUrl, posterFilename, priceText, renderPoster } from './campaign-poster';

/** Campaigns that may be published to groups (the server refuses others with community.campaign_not_open). */
export function canPublishToGroups(status: Campaign['status']): boolean {
  return status === 'scheduled' || status === 'live';
}

/** The groups a campaign is published to, with their share cards. */
export function useCampaignGroups(campaignId: string, version: number) {
  return useApiData(async () => (await api.get<{ items: CampaignShare[] }>(`/campaigns/${encodeURIComponent(campaignId)}/groups`)).items, `${campaignId}:${version}`);
}

/** Chooses groups and publishes the campaign to them; answers each group's share card. */
export function PublishToGroupsModal(props: { campaign: Campaign; open: boolean; published: string[]; onClose: () => void; onPublished: (shares: CampaignShare[]) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ groupIds: string[] }>();
  const groups = useGroupOptions(props.open);
  const published = new Set(props.published);
  return (
    <FormModal<{ groupIds: string[] }>
      title={t('fulfilment.publish.title', { title: props.campaign.title })}
      open={props.open}
      onClose={props.onClose}
      form={form}
      fields={['groupIds']}
      okText={t('fulfilment.publish.submit')}
      width={560}
      submit={async (values) => {
        const res = await api.post<{ items: CampaignShare[] }>(`/campaigns/${encodeURIComponent(props.campaign.id)}/groups`, { groupIds: values.groupIds });
        props.onPublished(res.items);
      }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('fulfilment.publish.help')}
      </Typography.Paragraph>
      <Form.Item name="groupIds" label={t('fulfilment.publish.groups')} rules={[{ required: true, type: 'array', min: 1, message: t('fulfilment.publish.groupsRequired') }]}>
        <Select
          mode="multiple"
          loading={groups.loading}
          placeholder={t('fulfilment.publish.groupsPlaceholder')}
          showSearch={{ optionFilterProp: 'label' }}
          options={groups.options.map((g) => ({ value: g.value, label: g.label }))}
          optionRender={(o) => (
            <span>
              {o.label}
              {published.has(String(o.value)) && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  · {t('fulfilment.publish.alreadyPublished')}
                </Typography.Text>
              )}
            </span>
          )}
          notFoundContent={groups.loading ? <Spin size="small" /> : t('fulfilment.publish.noGroups')}
          data-testid="publish-groups"
        />
      </Form.Item>
    </FormModal>
  );
}

/** The share cards of one or more groups: the chat text, the group's link and the poster. */
export function ShareCardsModal(props: { campaign: Campaign; shares: CampaignShare[] | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('fulfilment.publish.cardsTitle')}
      open={props.shares !== null}
      onCancel={props.onClose}
      footer={
        <Button type="primary" onClick={props.onClose} data-testid="share-cards-done">
          {t('fulfilment.publish.done')}
        </Button>
      }
      width={880}
      destroyOnHidden
      data-testid="share-cards-modal"
    >
      <Typography.Paragraph type="secondary">{t('fulfilment.publish.cardsHelp')}</Typography.Paragraph>
      {(props.shares ?? []).map((share) => (
        <ShareCard key={share.groupId} campaign={props.campaign} share={share} />
      ))}
    </Modal>
  );
}

function ShareCard({ campaign, share }: { campaign: Campaign; share: CampaignShare }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [poster, setPoster] = useState<{ url: string } | { failed: true } | null>(null);
  const posterKey = JSON.stringify([campaign.title, campaign.endsAt, campaign.items.map((i) => i.priceFen), campaign.coverImages[0] ?? null]);

  useEffect(() => {
    let cancelled = false;
    const lang = currentLanguage();
    renderPoster({
      brand: me.tenant.name,
      groupName: share.groupName,
      title: campaign.title,
      price: priceText(campaign.items, (price) => t('fulfilment.poster.priceFrom', { price })),
      deadline: t('fulfilment.poster.deadline', { time: chinaDeadline(campaign.endsAt, lang) }),
      caption: t('fulfilment.poster.caption'),
      sub: t('fulfilment.poster.sub'),
      url: share.url,
      coverUrl: campaign.coverImages[0] ?? null,
    }).then(
      (url) => !cancelled && setPoster({ url }),
      () => !cancelled && setPoster({ failed: true }),
    );
    return () => {
      cancelled = true;
    };
    // Redrawn only when what the poster shows changes (a live campaign's figures reload every few seconds).
  }, [posterKey, share.url, share.groupName, me.tenant.name, t]);

  const copy = async (text: string) => {
    if (await copyText(text)) message.success(t('common.copied'));
    else message.error(t('fulfilment.publish.copyFailed'));
  };

  return (
    <Card size="small" title={share.groupName} style={{ marginBottom: 16 }} data-testid="share-card" data-group-id={share.groupId}>
      <Row gutter={[20, 16]}>
        <Col xs={24} md={14}>
          <Typography.Text strong>{t('fulfilment.publish.text')}</Typography.Text>
          <Input.TextArea value={share.text} readOnly autoSize={{ minRows: 6, maxRows: 12 }} style={{ marginTop: 6 }} data-testid="share-text" />
          <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(share.text)} style={{ marginTop: 8 }} data-testid="share-copy-text">
            {t('fulfilment.publish.copyText')}
          </Button>
          <div style={{ marginTop: 16 }}>
            <Typography.Text strong>{t('fulfilment.publish.link')}</Typography.Text>
            <div className="invite-url">
              <Typography.Text className="mono" ellipsis={{ tooltip: share.url }} style={{ fontSize: 12, flex: 1, minWidth: 0 }} data-testid="share-link">
                {share.url}
              </Typography.Text>
              <Tooltip title={t('fulfilment.publish.copyLink')}>
                <Button size="small" type="text" icon={<CopyOutlined />} onClick={() => void copy(share.url)} aria-label={t('fulfilment.publish.copyLink')} data-testid="share-copy-link" />
              </Tooltip>
            </div>
          </div>
        </Col>
        <Col xs={24} md={10}>
          <Typography.Text strong>{t('fulfilment.publish.poster')}</Typography.Text>
          <div className="poster-frame">
            {poster === null ? (
              <Spin tip={t('fulfilment.publish.posterDrawing')}>
                <div style={{ width: 220, height: 300 }} />
              </Spin>
            ) : 'url' in poster ? (
              <img src={poster.url} alt={t('fulfilment.publish.posterAlt', { group: share.groupName })} className="poster-image" data-testid="share-poster" />
            ) : (
              <Typography.Text type="secondary">{t('fulfilment.publish.posterFailed')}</Typography.Text>
            )}
          </div>
          <Button
            icon={<DownloadOutlined />}
            disabled={!poster || !('url' in poster)}
            onClick={() => poster && 'url' in poster && downloadDataUrl(poster.url, posterFilename(campaign.title, share.groupName))}
            data-testid="share-download-poster"
          >
            {t('fulfilment.publish.downloadPoster')}
          </Button>
        </Col>
      </Row>
    </Card>
  );
}

/** The groups a campaign is published to: each with its share card and, for those who may, unpublish. */
export function CampaignGroupsCard(props: { campaign: Campaign; groups: ReturnType<typeof useCampaignGroups>; canPublish: boolean; canUnpublish: boolean; onPublish: () => void; onShow: (shares: CampaignShare[]) => void; onChanged: () => void }) {
  const { campaign, groups } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const items = groups.data ?? [];

  const unpublish = async (share: CampaignShare) => {
    try {
      await api.delete(`/campaigns/${encodeURIComponent(campaign.id)}/groups/${encodeURIComponent(share.groupId)}`);
      message.success(t('fulfilment.publish.unpublished', { group: share.groupName }));
      props.onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <Card
      title={t('fulfilment.publish.listTitle')}
      variant="borderless"
      style={{ marginBottom: 16 }}
      extra={
        props.canPublish && (
          <Button type="link" size="small" icon={<ShareAltOutlined />} onClick={props.onPublish} style={{ paddingInline: 0 }}>
            {t('fulfilment.publish.button')}
          </Button>
        )
      }
      data-testid="campaign-groups"
    >
      {groups.error && <ProblemAlert error={groups.error} onRetry={groups.reload} />}
      <List<CampaignShare>
        size="small"
        loading={groups.loading && !groups.data}
        dataSource={items}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span>{t('fulfilment.publish.listEmpty')}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('fulfilment.publish.listEmptyHint')}</Typography.Text></span>} />
          ),
        }}
        renderItem={(share) => (
          <List.Item
            style={{ paddingInline: 0 }}
            data-testid="campaign-group"
            actions={[
              <a key="card" onClick={() => props.onShow([share])} data-testid="campaign-group-card">
                {t('fulfilment.publish.shareCard')}
              </a>,
              ...(props.canUnpublish
                ? [
                    <Popconfirm
                      key="unpublish"
                      title={t('fulfilment.publish.unpublishTitle', { group: share.groupName })}
                      description={<div style={{ maxWidth: 280 }}>{t('fulfilment.publish.unpublishConfirm')}</div>}
                      okText={t('fulfilment.publish.unpublish')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => unpublish(share)}
                    >
                      <a className="link-danger" data-testid="campaign-group-unpublish">
                        {t('fulfilment.publish.unpublish')}
                      </a>
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
              <Link to={`/groups/${encodeURIComponent(share.groupId)}`}>{share.groupName}</Link>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        {t('fulfilment.publish.listHelp')}
      </Typography.Paragraph>
    </Card>
  );
}
