import { useCallback, useState } from 'react';
import { Alert, App, Modal, Select, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { PROFILE_SORTS, type ProfileSort, type Segment } from '../../api/crm-types';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoadMore } from '../../components/use-load-more';
import { crm, useCrmTags, useProfileLookups } from './crm-data';
import { tagHex } from './crm-model';
import { EmptyState } from './crm-ui';
import { ProfilesTable } from './profiles-table';

/** A saved segment's current members, sortable, growing with "load more". */
export function SegmentMembers({ segment, version }: { segment: Segment; version: number }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<ProfileSort>('recent');
  const lookups = useProfileLookups(version);
  const fetchPage = useCallback((cursor: string | null) => crm.segmentMembers(segment.id, { sort, limit: 30, cursor }), [segment.id, sort]);
  const list = useLoadMore(fetchPage, `${segment.id}:${sort}:${version}:${segment.refreshedAt ?? ''}`);
  return (
    <div data-testid="segment-members">
      <div className="toolbar">
        <Typography.Text type="secondary">{t('crm.segment.membersIntro')}</Typography.Text>
        <span className="toolbar-spacer" />
        <Select value={sort} style={{ width: 150 }} onChange={setSort} options={PROFILE_SORTS.map((s) => ({ value: s, label: t(`crm.sorts.${s}`) }))} data-testid="segment-members-sort" />
      </div>
      <ProfilesTable list={list} lookups={lookups} emptyText={<EmptyState text={t('crm.segment.membersEmpty')} hint={t('crm.segment.membersEmptyHint')} />} testId="segment-members-table" />
    </div>
  );
}

/**
 * 给全部成员打标签: puts a manual tag on everyone in the segment now (POST /crm/tags/:id/apply
 * {segmentId}). People who join the segment later do not get it: that is what rule tags are for.
 */
export function TagAllModal({ segment, open, onClose, onDone }: { segment: Segment; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tags = useCrmTags(open ? 1 : 0);
  const manual = (tags.data?.items ?? []).filter((tag) => tag.kind === 'manual');
  const [tagId, setTagId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);

  const apply = async () => {
    if (!tagId) return;
    setBusy(true);
    setProblem(null);
    try {
      const { changed } = await crm.applyTag(tagId, { segmentId: segment.id });
      const name = manual.find((m) => m.id === tagId)?.name ?? '';
      message.success(t('crm.segment.tagAllDone', { count: changed, name }));
      onDone();
      onClose();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('crm.segment.tagAllTitle', { name: segment.name })}
      open={open}
      onCancel={onClose}
      onOk={() => void apply()}
      okText={t('crm.segment.tagAllOk', { count: segment.memberCount })}
      okButtonProps={{ disabled: !tagId }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) {
          setTagId(null);
          setProblem(null);
        }
      }}
    >
      {problem && <ProblemAlert error={problem} />}
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('crm.segment.tagAllHint')} />
      {manual.length === 0 && !tags.loading ? (
        <Typography.Paragraph type="secondary">
          {t('crm.segment.noManualTags')} <Link to="/crm/tags">{t('crm.tags.title')}</Link>
        </Typography.Paragraph>
      ) : (
        <Select
          value={tagId}
          onChange={setTagId}
          placeholder={t('crm.segment.tagAllPick')}
          loading={tags.loading}
          style={{ width: '100%' }}
          showSearch={{ optionFilterProp: 'title' }}
          options={manual.map((tag) => ({
            value: tag.id,
            title: tag.name,
            label: (
              <span>
                <span className="legend-dot" style={{ background: tagHex(tag.color) }} />
                {tag.name}
                {tag.groupName ? <Typography.Text type="secondary"> · {tag.groupName}</Typography.Text> : null}
              </span>
            ),
          }))}
          data-testid="tag-all-select"
        />
      )}
    </Modal>
  );
}
