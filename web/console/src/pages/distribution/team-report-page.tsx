import { Button, Card, Empty, Radio, Table, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, toQueryString } from '../../api/client';
import type { TeamGroupBy, TeamReport, TeamReportRow } from '../../api/distribution-types';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useUrlParams } from '../../components/use-url-params';
import { formatFen } from '../../../../shared/money';
import { periodQuery } from './distribution-model';
import { PeriodPicker } from './distribution-ui';

const GROUP_BYS: TeamGroupBy[] = ['org_unit', 'beneficiary'];

/** 销售提点: commissionable sales and commission per slot over a period, by org unit or by person. */
export function TeamReportPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const fromDate = params.get('from') ?? '';
  const toDate = params.get('to') ?? '';
  const groupBy = (GROUP_BYS as string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as TeamGroupBy) : 'org_unit';
  const { from, to } = periodQuery(fromDate, toDate);
  const query = { from, to, groupBy };
  const report = useApiData(() => api.get<TeamReport>('/distribution/reports/team', { ...query, format: 'json' }), JSON.stringify(query));
  const data = report.data?.groupBy === groupBy ? report.data : undefined;
  const exportHref = `/api/v1/distribution/reports/team${toQueryString({ ...query, format: 'xlsx' })}`;

  const money = (key: keyof TeamReportRow, title: string, strong = false) => ({
    title,
    dataIndex: key,
    width: 130,
    align: 'right' as const,
    render: (v: number) => (strong ? <Typography.Text strong>{formatFen(v)}</Typography.Text> : formatFen(v)),
  });

  const columns: TableColumnsType<TeamReportRow> = [
    {
      title: t(`distribution.team.columns.${groupBy}`),
      dataIndex: 'label',
      ellipsis: true,
      render: (v: string, r) => v || <span className="mono">{r.key}</span>,
    },
    { title: t('distribution.team.columns.orders'), dataIndex: 'orders', width: 90, align: 'right' },
    money('netSalesFen', t('distribution.team.columns.netSales')),
    money('leaderFen', t('distribution.slots.leader')),
    money('level1Fen', t('distribution.slots.level1')),
    money('level2Fen', t('distribution.slots.level2')),
    money('totalFen', t('distribution.team.columns.total'), true),
  ];

  const totals = data?.totals;
  return (
    <PageContainer
      title={t('distribution.team.title')}
      intro={t('distribution.team.intro')}
      extra={
        <Button icon={<FileExcelOutlined />} href={exportHref} download data-testid="team-export">
          {t('distribution.team.export')}
        </Button>
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <PeriodPicker fromDate={fromDate} toDate={toDate} onChange={(f, to) => setUrl({ from: f, to })} />
          <Radio.Group
            optionType="button"
            value={groupBy}
            onChange={(e) => setUrl({ groupBy: e.target.value === 'org_unit' ? '' : (e.target.value as string) })}
            options={GROUP_BYS.map((g) => ({ value: g, label: t(`distribution.team.groupBys.${g}`) }))}
            data-testid="team-group-by"
          />
        </div>
        {report.error && <ProblemAlert error={report.error} onRetry={report.reload} />}
        <Table<TeamReportRow>
          rowKey="key"
          columns={columns}
          dataSource={data?.rows ?? []}
          loading={report.loading}
          pagination={false}
          scroll={{ x: 900 }}
          tableLayout="fixed"
          locale={{ emptyText: report.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('distribution.team.empty')} /> }}
          data-testid="team-table"
          summary={() =>
            totals && (data?.rows.length ?? 0) > 0 ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row className="summary-row">
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('distribution.team.totals')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{totals.orders}</Typography.Text>
                  </Table.Summary.Cell>
                  {(['netSalesFen', 'leaderFen', 'level1Fen', 'level2Fen', 'totalFen'] as const).map((k, i) => (
                    <Table.Summary.Cell key={k} index={2 + i} align="right">
                      <Typography.Text strong>{formatFen(totals[k])}</Typography.Text>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </Card>
    </PageContainer>
  );
}
