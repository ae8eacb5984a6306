import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { AimOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { crmExtraClient } from '../../../../shared/crm-extra-types';
import { useSegments } from './crm-data';
import { useCrmxT } from './crm-extra-i18n-hook';
import { audienceChanged, audienceChoices, audienceReach } from './audience-model';

const crmx = crmExtraClient(api);

/**
 * 定向人群, for the campaign page: the saved segments a campaign is aimed at. While the campaign is
 * live their members see it under 为你推荐 on their member page; anyone can still open its link.
 */
export function AudiencePanel({ campaignId }: { campaignId: string }) {
  const tx = useCrmxT();
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const audience = useApiData(() => crmx.audience(campaignId), `crm-audience:${campaignId}:${version}`);
  const segments = useSegments();
  const saved = useMemo(() => audience.data?.segments ?? [], [audience.data]);
  const [picked, setPicked] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => setPicked(saved.map((s) => s.id)), [saved]);

  const choices = audienceChoices((segments.data ?? []).map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount })), saved);
  const counts = new Map(choices.map((c) => [c.id, c.memberCount]));
  const changed = audienceChanged(saved.map((s) => s.id), picked);
  const reach = audienceReach(picked, counts);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const res = await crmx.setAudience(campaignId, picked);
      message.success(res.segments.length ? tx('audience.saved') : tx('audience.cleared'));
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      variant="borderless"
      title={
        <span>
          <AimOutlined /> {tx('audience.title')}
        </span>
      }
      style={{ marginBottom: 16 }}
      data-testid="campaign-audience"
    >
      {audience.error && <ProblemAlert error={audience.error} onRetry={audience.reload} />}
      {segments.error && <ProblemAlert error={segments.error} onRetry={segments.reload} />}
      {error && <ProblemAlert error={error} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 0 }}>
        {tx('audience.intro')}
      </Typography.Paragraph>
      <Select
        mode="multiple"
        value={picked}
        onChange={setPicked}
        loading={segments.loading || audience.loading}
        disabled={!audience.data}
        placeholder={tx('audience.placeholder')}
        style={{ width: '100%' }}
        showSearch={{ optionFilterProp: 'title' }}
        options={choices.map((c) => ({
          value: c.id,
          title: c.name,
          label: (
            <span>
              {c.missing ? tx('audience.deletedSegment') : c.name}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tx('audience.members', { count: c.memberCount.toLocaleString('zh-CN') })}
              </Typography.Text>
            </span>
          ),
        }))}
        data-testid="audience-select"
      />
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginTop: 10 }}>
        <Typography.Text type={picked.length ? undefined : 'secondary'} style={{ fontSize: 13, flex: 1, minWidth: 160 }} data-testid="audience-reach">
          {picked.length ? tx('audience.reach', { count: reach.toLocaleString('zh-CN') }) : tx('audience.none')}
        </Typography.Text>
        {changed && <Tag color="warning">{tx('audience.changed')}</Tag>}
        <Space size={6}>
          {changed && (
            <Button size="small" icon={<UndoOutlined />} onClick={() => setPicked(saved.map((s) => s.id))}>
              {tx('audience.reset')}
            </Button>
          )}
          <Button size="small" type="primary" icon={<SaveOutlined />} disabled={!changed} loading={saving} onClick={() => void save()} data-testid="audience-save">
            {tx('audience.save')}
          </Button>
        </Space>
      </div>
    </Card>
  );
}
