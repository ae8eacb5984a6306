import { useEffect, useRef, useState } from 'react';
import { App, Button, Modal, Select, Skeleton, Space, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { CampaignSummary } from '../../api/types';
import type { ReferralLink } from '../../api/distribution-types';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { copyText } from '../../../../shared/clipboard';

/** The QR code as an image: the server's SVG never runs as markup in the page. */
function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The signed-in leader's share link for a campaign (or for the shop when none is given), with its QR code. */
export function ReferralLinkView({ campaignId }: { campaignId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const link = useApiData(() => api.get<ReferralLink>('/me/referral-link', { campaignId }), campaignId ?? '');
  const l = link.data;

  if (link.error) return <ProblemAlert error={link.error} onRetry={link.reload} />;
  if (!l) return <Skeleton active paragraph={{ rows: 4 }} />;

  const copy = async () => {
    if (await copyText(l.url)) message.success(t('common.copied'));
    else message.error(t('campaigns.copyFailed'));
  };

  return (
    <div className="referral-link" data-testid="referral-link">
      <img className="referral-qr" src={svgDataUrl(l.qrSvg)} alt={t('distribution.mine.qrAlt')} data-testid="referral-qr" />
      <div style={{ minWidth: 0, flex: 1 }}>
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('distribution.mine.code')} </Typography.Text>
          <Typography.Text strong className="mono" copyable data-testid="referral-code">
            {l.code}
          </Typography.Text>
        </div>
        <div className="share-url mono" data-testid="referral-url">
          {l.url}
        </div>
        <Space wrap>
          <Button type="primary" ghost icon={<CopyOutlined />} onClick={() => void copy()} data-testid="referral-copy">
            {t('distribution.mine.copy')}
          </Button>
          <Button icon={<ExportOutlined />} href={l.url} target="_blank">
            {t('distribution.mine.open')}
          </Button>
          <Button icon={<DownloadOutlined />} href={svgDataUrl(l.qrSvg)} download={`qr-${l.code}${l.campaign ? `-${l.campaign.id}` : ''}.svg`}>
            {t('distribution.mine.download')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('distribution.mine.shareHelp')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}

/** Campaigns to choose from, searched as you type (for a leader: their own and the ones they may sell). */
export function CampaignPicker(props: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      api.get<Page<CampaignSummary>>('/campaigns', { q, limit: 20 }).then(
        (page) => mine === seq.current && setOptions(page.items.filter((c) => c.status !== 'draft').map((c) => ({ value: c.id, label: c.title }))),
        () => undefined,
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <Select
      value={props.value}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      options={options}
      onChange={(v: string | undefined) => props.onChange(v)}
      placeholder={t('distribution.mine.anyCampaign')}
      style={{ width: '100%', maxWidth: 420 }}
      data-testid="referral-campaign"
    />
  );
}

/** The share-link button of a campaign's page, for leaders. */
export function ReferralLinkModal(props: { campaign: { id: string; title: string }; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('distribution.mine.shareTitle', { title: props.campaign.title })}
      open={props.open}
      onCancel={props.onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      <div style={{ marginTop: 16 }}>{props.open && <ReferralLinkView campaignId={props.campaign.id} />}</div>
    </Modal>
  );
}
