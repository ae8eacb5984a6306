import { useCallback } from 'react';
import { Button, Card, Empty, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES, PROFILE_SORTS, type ProfileSort } from '../../api/crm-types';
import { PageContainer } from '../../components/page-container';
import { useLoadMore } from '../../components/use-load-more';
import { useUrlParams } from '../../components/use-url-params';
import { crm, useProfileLookups, useSegments } from './crm-data';
import { isStage, tagHex } from './crm-model';
import { EmptyState } from './crm-ui';
import { ProfilesTable } from './profiles-table';

/**
 * 客户: every person the CRM knows (owners: the tenant; operators: their org units), filtered by a
 * saved segment, a tag, a lifecycle stage or a search, sorted, with filters kept in the URL.
 */
export function ProfilesPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const segmentId = params.get('segmentId') ?? '';
  const tagId = params.get('tagId') ?? '';
  const stageParam = params.get('stage');
  const stage = isStage(stageParam) ? stageParam : '';
  const q = params.get('q') ?? '';
  const sort: ProfileSort = (PROFILE_SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as ProfileSort) : 'recent';
  const filtered = Boolean(segmentId || tagId || stage || q);

  const lookups = useProfileLookups();
  const segments = useSegments();
  const fetchPage = useCallback((cursor: string | null) => crm.profiles({ segmentId, tagId, stage, q, sort, limit: 30, cursor }), [segmentId, tagId, stage, q, sort]);
  const list = useLoadMore(fetchPage, JSON.stringify({ segmentId, tagId, stage, q, sort }));

  const all = t('common.all');
  const emptyText = filtered ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crm.profiles.emptyFiltered')} /> : <EmptyState text={t('crm.profiles.empty')} hint={t('crm.profiles.emptyHint')} />;

  return (
    <PageContainer title={t('crm.profiles.title')} intro={t('crm.profiles.intro')}>
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={segmentId}
            style={{ width: 200 }}
            onChange={(v: string) => setUrl({ segmentId: v })}
            loading={segments.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={[{ value: '', label: `${t('crm.profiles.filters.segment')}: ${all}` }, ...(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
            data-testid="profiles-segment-filter"
          />
          <Select
            value={tagId}
            style={{ width: 180 }}
            onChange={(v: string) => setUrl({ tagId: v })}
            loading={lookups.tagsLoading}
            showSearch={{ optionFilterProp: 'title' }}
            options={[
              { value: '', label: `${t('crm.profiles.filters.tag')}: ${all}`, title: all },
              ...[...lookups.tags.values()].map((tag) => ({
                value: tag.id,
                title: tag.name,
                label: (
                  <span>
                    <span className="legend-dot" style={{ background: tagHex(tag.color) }} />
                    {tag.name}
                  </span>
                ),
              })),
            ]}
            data-testid="profiles-tag-filter"
          />
          <Select
            value={stage}
            style={{ width: 150 }}
            onChange={(v: string) => setUrl({ stage: v })}
            options={[{ value: '', label: `${t('crm.profiles.filters.stage')}: ${all}` }, ...LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`crm.stages.${s}`) }))]}
            data-testid="profiles-stage-filter"
          />
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={t('crm.profiles.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 240 }}
            onSearch={(v) => setUrl({ q: v.trim() })}
            data-testid="profiles-search"
          />
          {filtered && (
            <Button type="link" onClick={() => setUrl({ segmentId: '', tagId: '', stage: '', q: '' })}>
              {t('common.reset')}
            </Button>
          )}
          <span className="toolbar-spacer" />
          <Select
            value={sort}
            style={{ width: 150 }}
            onChange={(v: ProfileSort) => setUrl({ sort: v === 'recent' ? '' : v })}
            options={PROFILE_SORTS.map((s) => ({ value: s, label: t(`crm.sorts.${s}`) }))}
            data-testid="profiles-sort"
          />
        </div>
        <ProfilesTable list={list} lookups={lookups} emptyText={emptyText} />
      </Card>
    </PageContainer>
  );
}
