import { useState } from 'react';
import { Card, Col, Row, Segmented, Select, Skeleton, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { LifecycleSummary } from '../../api/crm-types';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useUrlParams } from '../../components/use-url-params';
import { useMe, useSession } from '../../session';
import { crm } from './crm-data';
import { isStage, STAGE_COLORS } from './crm-model';
import { StageTag } from './crm-ui';
import { LifecycleChart } from './lifecycle-chart';
import { LifecycleSettingsCard } from './lifecycle-settings';

const PERIODS = [30, 90, 180, 365] as const;
type Transition = LifecycleSummary['transitions'][number];

/**
 * 生命周期: how many people stand in each stage now, how that moved day by day (from the daily
 * snapshot), the moves between stages in the period, and the thresholds that decide the stages.
 */
export function LifecyclePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useMe();
  const [params, setUrl] = useUrlParams();
  const days = PERIODS.find((d) => String(d) === params.get('days')) ?? 30;
  const [version, setVersion] = useState(0);
  const [mode, setMode] = useState<'stacked' | 'lines'>('stacked');
  const summary = useApiData(() => crm.lifecycle(days), `lifecycle:${days}:${version}`);
  const s = summary.data;
  const total = s ? s.stages.reduce((n, x) => n + x.profiles, 0) : 0;

  const stageCell = (v: string | null) => (isStage(v) ? <StageTag stage={v} /> : <Typography.Text type="secondary">{t('crm.lifecycle.fromNone')}</Typography.Text>);
  const columns: TableColumnsType<Transition> = [
    { title: t('crm.lifecycle.columns.from'), dataIndex: 'from', width: 140, render: stageCell },
    { title: '', key: 'arrow', width: 40, render: () => <Typography.Text type="secondary">→</Typography.Text> },
    { title: t('crm.lifecycle.columns.to'), dataIndex: 'to', width: 140, render: stageCell },
    { title: t('crm.lifecycle.columns.profiles'), dataIndex: 'profiles', width: 100, align: 'right', render: (n: number) => <Typography.Text strong>{n}</Typography.Text> },
  ];

  return (
    <PageContainer
      title={t('crm.lifecycle.title')}
      intro={t('crm.lifecycle.intro')}
      extra={
        <Select
          value={days}
          onChange={(d: number) => setUrl({ days: d === 30 ? '' : String(d) })}
          options={PERIODS.map((d) => ({ value: d, label: t('crm.lifecycle.period', { days: d }) }))}
          style={{ width: 140 }}
          data-testid="lifecycle-days"
        />
      }
    >
      {summary.error && <ProblemAlert error={summary.error} onRetry={summary.reload} />}
      {!s ? (
        !summary.error && (
          <Card variant="borderless">
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )
      ) : (
        <>
          <div className="stage-cards" data-testid="lifecycle-stages">
            {s.stages.map(({ stage, profiles }) => (
              <Link key={stage} to={`/crm/profiles?stage=${stage}`} className="stage-card" style={{ borderTopColor: STAGE_COLORS[stage].hex }} data-stage={stage} data-testid="stage-card">
                <span className="stage-card-label">{t(`crm.stages.${stage}`)}</span>
                <span className="stage-card-count" data-testid="stage-count">
                  {profiles}
                </span>
                <span className="stage-card-share">{total ? t('crm.lifecycle.share', { percent: Math.round((profiles * 100) / total) }) : '—'}</span>
              </Link>
            ))}
          </div>
          <Card
            variant="borderless"
            title={t('crm.lifecycle.chart')}
            style={{ marginBottom: 16 }}
            extra={
              <Segmented<'stacked' | 'lines'>
                size="small"
                value={mode}
                onChange={setMode}
                options={[
                  { value: 'stacked', label: t('crm.lifecycle.stacked') },
                  { value: 'lines', label: t('crm.lifecycle.lines') },
                ]}
              />
            }
          >
            {/* The daily snapshot counts the whole brand: the API leaves it out for operators limited to some org units. */}
            <LifecycleChart series={s.series} mode={mode} emptyText={me.actor.role === 'owner' ? t('crm.lifecycle.chartEmpty') : t('crm.lifecycle.chartEmptyOperator')} />
          </Card>
          <Row gutter={16} align="top">
            <Col xs={24} xl={13}>
              <Card variant="borderless" title={t('crm.lifecycle.transitions', { days })} style={{ marginBottom: 16 }}>
                <Table<Transition>
                  rowKey={(r) => `${r.from ?? ''}>${r.to}`}
                  size="small"
                  columns={columns}
                  dataSource={s.transitions}
                  pagination={false}
                  tableLayout="fixed"
                  locale={{ emptyText: t('crm.lifecycle.transitionsEmpty') }}
                  data-testid="lifecycle-transitions"
                />
              </Card>
            </Col>
            <Col xs={24} xl={11}>
              <LifecycleSettingsCard settings={s.settings} canEdit={can('crm.settings')} onSaved={() => setVersion((v) => v + 1)} />
            </Col>
          </Row>
        </>
      )}
    </PageContainer>
  );
}
