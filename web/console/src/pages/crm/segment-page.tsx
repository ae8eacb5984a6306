import { useState } from 'react';
import { App, Button, Card, Result, Skeleton, Space, Tabs, Tag } from 'antd';
import { DeleteOutlined, FileExcelOutlined, FileTextOutlined, TagsOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Segment } from '../../api/crm-types';
import { formatDateTime } from '../../components/format';
import { PageContainer } from '../../components/page-container';
import { SegmentMessageButton } from './segment-message';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useUrlParams } from '../../components/use-url-params';
import { crm } from './crm-data';
import { SegmentEditor } from './segment-editor';
import { SegmentMembers, TagAllModal } from './segment-members';

/**
 * The segment builder (/crm/segments/new) and a saved segment (/crm/segments/:id): its member count
 * and members, export (CSV, XLSX), tagging every member, editing the rule, deleting.
 */
export function SegmentPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const crumbs = [{ title: t('crm.segments.title'), to: '/crm/segments' }];

  if (!id) {
    return (
      <PageContainer title={t('crm.segment.newTitle')} intro={t('crm.segment.newIntro')} breadcrumb={[...crumbs, { title: t('crm.segment.newTitle') }]}>
        <SegmentEditor
          onSaved={(saved) => {
            message.success(t('crm.segment.created', { name: saved.name, count: saved.memberCount }));
            navigate(`/crm/segments/${encodeURIComponent(saved.id)}`, { replace: true });
          }}
        />
      </PageContainer>
    );
  }
  return <SavedSegment id={id} />;
}

const TABS = ['members', 'rule'] as const;
type TabKey = (typeof TABS)[number];

function SavedSegment({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [version, setVersion] = useState(0);
  const segment = useApiData(() => crm.segment(id), `segment:${id}:${version}`);
  const [params, setUrl] = useUrlParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'members';
  const [tagging, setTagging] = useState(false);
  const crumbs = [{ title: t('crm.segments.title'), to: '/crm/segments' }];
  const s = segment.data;

  if (!s) {
    return (
      <PageContainer title={t('crm.segment.title')} breadcrumb={crumbs}>
        {segment.error ? (
          segment.error.status === 404 ? (
            <Result status="404" title={t('crm.segment.notFound')} />
          ) : (
            <ProblemAlert error={segment.error} onRetry={segment.reload} />
          )
        ) : (
          <Card variant="borderless">
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        )}
      </PageContainer>
    );
  }

  const remove = () =>
    modal.confirm({
      title: t('crm.segments.deleteConfirm', { name: s.name }),
      content: t('crm.segments.deleteHint'),
      okText: t('crm.segments.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await crm.deleteSegment(s.id);
          message.success(t('crm.segments.deleted', { name: s.name }));
          navigate('/crm/segments', { replace: true });
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });

  const onSaved = (saved: Segment) => {
    message.success(t('crm.segment.saved', { name: saved.name, count: saved.memberCount }));
    setVersion((v) => v + 1);
    setUrl({ tab: '' });
  };

  return (
    <PageContainer
      title={
        <Space size={10} wrap>
          <span data-testid="segment-title">{s.name}</span>
          <Tag color="orange" variant="filled" style={{ marginInlineEnd: 0 }} data-testid="segment-member-count" data-count={s.memberCount}>
            {t('crm.segment.memberCount', { count: s.memberCount })}
          </Tag>
        </Space>
      }
      documentTitle={s.name}
      intro={
        <span>
          {s.description && <span className="segment-description">{s.description} · </span>}
          {t('crm.segment.refreshedAt', { time: formatDateTime(s.refreshedAt ?? s.updatedAt) })}
        </span>
      }
      breadcrumb={[...crumbs, { title: s.name }]}
      extra={
        <>
          <SegmentMessageButton segmentId={s.id} segmentName={s.name} />
          <Button icon={<FileTextOutlined />} href={crm.segmentExportUrl(s.id, 'csv')} download data-testid="segment-export-csv">
            {t('crm.segment.exportCsv')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={crm.segmentExportUrl(s.id, 'xlsx')} download data-testid="segment-export-xlsx">
            {t('crm.segment.exportXlsx')}
          </Button>
          <Button icon={<TagsOutlined />} onClick={() => setTagging(true)} disabled={s.memberCount === 0} data-testid="segment-tag-all">
            {t('crm.segment.tagAll')}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="segment-delete">
            {t('crm.segments.delete')}
          </Button>
        </>
      }
    >
      {segment.error && <ProblemAlert error={segment.error} onRetry={segment.reload} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setUrl({ tab: key === 'members' ? '' : key })}
        destroyOnHidden
        className="segment-tabs"
        items={[
          {
            key: 'members',
            label: t('crm.segment.tabs.members'),
            children: (
              <Card variant="borderless">
                <SegmentMembers segment={s} version={version} />
              </Card>
            ),
          },
          {
            key: 'rule',
            label: t('crm.segment.tabs.rule'),
            // Keyed by the saved version, so the editor starts from the rule as saved.
            children: <SegmentEditor key={`${s.id}:${s.updatedAt}`} segment={s} onSaved={onSaved} />,
          },
        ]}
        data-testid="segment-tabs"
      />
      <TagAllModal segment={s} open={tagging} onClose={() => setTagging(false)} onDone={() => setVersion((v) => v + 1)} />
    </PageContainer>
  );
}
