import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Descriptions, Modal, Radio, Select, Typography } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { MergePreview, Profile, ProfileSummary } from '../../api/crm-types';
import { ProblemAlert } from '../../components/problem-alert';
import { formatFen } from '../../../../shared/money';
import { crm } from './crm-data';

/** Profiles found by name or phone as the person types, without the profile being merged into. */
function useProfileSearch(excludeId: string) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ProfileSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    if (!q.trim()) {
      setFound([]);
      return;
    }
    setLoading(true);
    const timer = setTimeout(() => {
      crm.profiles({ q: q.trim(), limit: 20 }).then(
        (page) => {
          if (mine !== seq.current) return;
          setFound(page.items.filter((p) => p.id !== excludeId));
          setLoading(false);
        },
        () => mine === seq.current && setLoading(false),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q, excludeId]);
  return { found, loading, setQ };
}

/**
 * 合并档案: pick the duplicate (searched by name or phone) and which of the two stays, read what
 * the merge moves and the totals after it in a confirmation, then merge. Nothing is deleted: the
 * merged profile stays, pointing to the one that was kept.
 */
export function MergeButton({ profile, onMerged }: { profile: Profile; onMerged: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [otherId, setOtherId] = useState<string | null>(null);
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const search = useProfileSearch(profile.id);
  const other = search.found.find((p) => p.id === otherId);

  const pair = () => (keep === 'this' ? { targetId: profile.id, sourceId: otherId! } : { targetId: otherId!, sourceId: profile.id });

  const merge = async (body: { targetId: string; sourceId: string }) => {
    try {
      const kept = await crm.merge(body);
      message.success(t('crm.merge.done', { name: kept.name || kept.phone || kept.id }));
      setOpen(false);
      if (kept.id === profile.id) onMerged();
      else navigate(`/crm/profiles/${encodeURIComponent(kept.id)}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
      throw err;
    }
  };

  const previewIt = async () => {
    if (!otherId) return;
    setBusy(true);
    setProblem(null);
    const body = pair();
    try {
      const preview = await crm.previewMerge(body);
      modal.confirm({
        title: t('crm.merge.confirmTitle'),
        width: 560,
        icon: <MergeCellsOutlined />,
        content: <MergePreviewView preview={preview} />,
        okText: t('crm.merge.confirm'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => merge(body),
      });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<MergeCellsOutlined />} onClick={() => setOpen(true)} data-testid="profile-merge">
        {t('crm.merge.button')}
      </Button>
      <Modal
        title={t('crm.merge.title')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void previewIt()}
        okText={t('crm.merge.preview')}
        okButtonProps={{ disabled: !otherId }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
        afterOpenChange={(o) => {
          if (!o) {
            setOtherId(null);
            setKeep('this');
            setProblem(null);
          }
        }}
        data-testid="merge-modal"
      >
        <Typography.Paragraph type="secondary">{t('crm.merge.intro')}</Typography.Paragraph>
        {problem && <ProblemAlert error={problem} />}
        <Select
          value={otherId}
          onChange={setOtherId}
          showSearch={{ filterOption: false, onSearch: search.setQ }}
          placeholder={t('crm.merge.search')}
          notFoundContent={search.loading ? t('app.loading') : null}
          loading={search.loading}
          style={{ width: '100%', marginBottom: 16 }}
          options={search.found.map((p) => ({ value: p.id, label: `${p.name || t('crm.noName')} · ${p.phone ?? p.id}` }))}
          data-testid="merge-search"
        />
        <div className="merge-keep">
          <Typography.Text>{t('crm.merge.keep')}</Typography.Text>
          <Radio.Group
            value={keep}
            onChange={(e) => setKeep(e.target.value as 'this' | 'other')}
            options={[
              { value: 'this', label: t('crm.merge.keepThis', { name: profile.name || profile.phone || t('crm.noName') }) },
              { value: 'other', label: other ? t('crm.merge.keepOther', { name: other.name || other.phone || t('crm.noName') }) : t('crm.merge.keepOtherEmpty'), disabled: !other },
            ]}
          />
        </div>
      </Modal>
    </>
  );
}

/** What a merge moves from the merged profile, and the kept profile's totals after it. */
function MergePreviewView({ preview }: { preview: MergePreview }) {
  const { t } = useTranslation();
  const who = (p: ProfileSummary) => `${p.name || t('crm.noName')}（${p.phone ?? p.id}）`;
  return (
    <div data-testid="merge-preview">
      <Typography.Paragraph>{t('crm.merge.sentence', { source: who(preview.source), target: who(preview.target) })}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered title={t('crm.merge.moves')} styles={{ label: { width: 160 } }}>
        {(['events', 'identities', 'orders', 'groups', 'tags'] as const).map((k) => (
          <Descriptions.Item key={k} label={t(`crm.merge.moveKinds.${k}`)}>
            {preview.moves[k]}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Descriptions size="small" column={1} bordered title={t('crm.merge.after')} style={{ marginTop: 12 }} styles={{ label: { width: 160 } }}>
        <Descriptions.Item label={t('crm.merge.afterKinds.orders')}>{preview.after.orderCount}</Descriptions.Item>
        <Descriptions.Item label={t('crm.merge.afterKinds.spend')}>{formatFen(preview.after.spendFen)}</Descriptions.Item>
        <Descriptions.Item label={t('crm.merge.afterKinds.tags')}>{preview.after.tagIds.length}</Descriptions.Item>
        <Descriptions.Item label={t('crm.merge.afterKinds.groups')}>{preview.after.groupIds.length}</Descriptions.Item>
      </Descriptions>
      <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('crm.merge.irreversible')} />
    </div>
  );
}
