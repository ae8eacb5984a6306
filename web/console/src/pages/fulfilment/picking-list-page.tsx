import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Steps, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CarOutlined, CheckCircleOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import type { OrderStatus } from '../../api/types';
import type { PickingList, PickingMemberLine, PickingSkuLine, Shortage } from '../../api/fulfilment-types';
import { useMe } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { OrderStatusTag } from '../../components/tags';
import { useApiData } from '../../components/use-api-data';
import { formatDateTime, formatSpecs } from '../../components/format';
import { PickingListStatusTag } from './fulfilment-ui';
import { pickingListActions, pickingListCounts, pickingListStep, unitsLeft, type PickingListAction } from './fulfilment-model';
import { ShortageModal } from './shortage-modal';

/**
 * One picking list: where it goes, what to pick per SKU, one bag per member, the shortages; dispatch
 * (the warehouse) and arrival (the leader) by status, the XLSX export and a printable view.
 */
export function PickingListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const list = useApiData(() => api.get<PickingList>(`/picking-lists/${encodeURIComponent(id)}`), id);
  const [acting, setActing] = useState<PickingListAction | null>(null);
  const l = list.data;
  const crumbs = [{ title: t('fulfilment.lists.title'), to: '/fulfilment/picking-lists' }];

  if (list.error && !l) {
    return (
      <PageContainer title={t('fulfilment.detail.title')} breadcrumb={crumbs}>
        {list.error.status === 404 ? <Result status="404" title={t('fulfilment.detail.notFound')} /> : <ProblemAlert error={list.error} onRetry={list.reload} />}
      </PageContainer>
    );
  }
  if (!l) {
    return (
      <PageContainer title={t('fulfilment.detail.title')} breadcrumb={crumbs}>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }

  const actions = pickingListActions(l, me.actor);
  const counts = pickingListCounts(l);
  const stepTimes = [l.createdAt, l.dispatchedAt, l.arrivedAt];

  const skuColumns: TableColumnsType<PickingSkuLine> = [
    { title: t('fulfilment.detail.sku.item'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('fulfilment.detail.sku.specs'), key: 'specs', width: 200, render: (_, s) => formatSpecs(s.specs) },
    {
      title: t('fulfilment.detail.sku.quantity'),
      dataIndex: 'quantity',
      width: 90,
      align: 'right',
      render: (v: number) => (
        <span className="pick-qty" data-testid="sku-quantity">
          {v}
        </span>
      ),
    },
    {
      title: t('fulfilment.detail.sku.short'),
      dataIndex: 'shortQuantity',
      width: 90,
      align: 'right',
      render: (v: number) => (v > 0 ? <Typography.Text type="danger" data-testid="sku-short">{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
  ];

  const memberColumns: TableColumnsType<PickingMemberLine> = [
    { title: t('fulfilment.detail.member.seq'), key: 'seq', width: 48, render: (_, __, i) => <span className="mono">{i + 1}</span> },
    {
      title: t('fulfilment.detail.member.member'),
      key: 'member',
      width: 150,
      render: (_, m) => (
        <div>
          <Typography.Text strong data-testid="bag-member">
            {m.memberName || '—'}
          </Typography.Text>
          <div className="mono no-print" style={{ fontSize: 12 }}>
            <Link to={`/orders?order=${encodeURIComponent(m.orderId)}`} title={m.orderId}>
              …{m.orderId.slice(-8)}
            </Link>
          </div>
        </div>
      ),
    },
    {
      title: t('fulfilment.detail.member.phoneTail'),
      dataIndex: 'phoneTail',
      width: 80,
      render: (v: string) => (
        <Typography.Text strong className="mono bag-tail">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('fulfilment.detail.member.items'),
      key: 'items',
      render: (_, m) => (
        <div className="bag-items">
          {m.items.map((i) => {
            const left = unitsLeft(i);
            return (
              <div key={i.lineId} className={left === 0 ? 'bag-item-refunded' : undefined}>
                {i.title}
                {Object.keys(i.specs).length > 0 && <Typography.Text type="secondary"> {formatSpecs(i.specs)}</Typography.Text>} <strong>×{left}</strong>
                {i.refundedQuantity > 0 && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {' '}
                    ({t('fulfilment.detail.member.refundedN', { count: i.refundedQuantity })})
                  </Typography.Text>
                )}
              </div>
            );
          })}
        </div>
      ),
    },
    {
      title: t('fulfilment.detail.member.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string) => <OrderStatusTag status={s as OrderStatus} />,
    },
    {
      title: t('fulfilment.detail.member.collectedAt'),
      key: 'collectedAt',
      width: 150,
      render: (_, m) =>
        m.collectedAt ? (
          <span style={{ whiteSpace: 'nowrap' }} data-testid="bag-collected">
            {formatDateTime(m.collectedAt)}
          </span>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.pickupCodeIssued ? t('fulfilment.detail.member.codeIssued') : t('fulfilment.detail.member.notCollected')}
          </Typography.Text>
        ),
    },
  ];

  const shortageColumns: TableColumnsType<Shortage> = [
    { title: t('fulfilment.detail.shortage.item'), dataIndex: 'title' },
    {
      title: t('fulfilment.detail.shortage.order'),
      dataIndex: 'orderId',
      width: 140,
      render: (v: string) => (
        <Link className="mono" to={`/orders?order=${encodeURIComponent(v)}`} title={v}>
          …{v.slice(-8)}
        </Link>
      ),
    },
    { title: t('fulfilment.detail.shortage.quantity'), dataIndex: 'quantity', width: 100, align: 'right' },
    { title: t('fulfilment.detail.shortage.stage'), dataIndex: 'stage', width: 130, render: (s: Shortage['stage']) => <Tag color={s === 'dispatch' ? 'orange' : 'red'}>{t(`fulfilment.stages.${s}`)}</Tag> },
    { title: t('fulfilment.detail.shortage.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          <span data-testid="list-title">{l.pickupPointName}</span>
          <PickingListStatusTag status={l.status} />
        </Space>
      }
      documentTitle={`${t('fulfilment.detail.title')} · ${l.pickupPointName}`}
      breadcrumb={[...crumbs, { title: l.pickupPointName }]}
      intro={
        <span>
          <Link to={`/campaigns/${encodeURIComponent(l.campaignId)}`}>{l.campaignTitle}</Link>
          <span className="mono" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {l.id}
          </span>
        </span>
      }
      extra={
        <>
          <Button icon={<FileExcelOutlined />} href={`/api/v1/picking-lists/${encodeURIComponent(l.id)}/export`} download data-testid="list-export">
            {t('fulfilment.detail.exportXlsx')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="list-print">
            {t('fulfilment.detail.print')}
          </Button>
          {actions.includes('dispatch') && (
            <Button type="primary" icon={<CarOutlined />} onClick={() => setActing('dispatch')} data-testid="list-dispatch">
              {t('fulfilment.detail.dispatch')}
            </Button>
          )}
          {actions.includes('arrive') && (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setActing('arrive')} data-testid="list-arrive">
              {t('fulfilment.detail.arrive')}
            </Button>
          )}
        </>
      }
    >
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      <div className="print-only print-title">
        <div className="print-title-main">
          {t('fulfilment.detail.title')} · {l.pickupPointName}（{t(`fulfilment.listStatuses.${l.status}`)}）
        </div>
        <div>
          {l.campaignTitle} · <span className="mono">{l.id}</span>
        </div>
        <div>{t('fulfilment.detail.printedAt', { time: dayjs().format('YYYY-MM-DD HH:mm') })}</div>
      </div>
      <Card variant="borderless" style={{ marginBottom: 16 }} className="print-section">
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={15}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="list-info">
              <Descriptions.Item label={t('fulfilment.detail.point')}>{l.pickupPointName}</Descriptions.Item>
              <Descriptions.Item label={t('fulfilment.detail.leader')}>{l.leaderName || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fulfilment.detail.address')} span={2}>
                {l.pickupPointAddress}
              </Descriptions.Item>
              <Descriptions.Item label={t('fulfilment.detail.counts')}>
                <span data-testid="list-counts">{t('fulfilment.detail.countsValue', { orders: l.orderCount, units: l.unitCount })}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('fulfilment.detail.collected')}>
                <span data-testid="list-collected">{t('fulfilment.detail.collectedValue', counts)}</span>
              </Descriptions.Item>
              {l.note && (
                <Descriptions.Item label={t('fulfilment.detail.note')} span={2}>
                  {l.note}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
          <Col xs={24} xl={9} className="no-print">
            <Steps
              size="small"
              current={pickingListStep(l.status)}
              status={l.status === 'arrived' ? 'finish' : 'process'}
              items={(['open', 'dispatched', 'arrived'] as const).map((s, i) => ({
                title: t(`fulfilment.detail.steps.${s}`),
                content: stepTimes[i] ? dayjs(stepTimes[i]).format('MM-DD HH:mm') : undefined,
              }))}
              data-testid="list-steps"
            />
          </Col>
        </Row>
      </Card>

      <Card variant="borderless" title={t('fulfilment.detail.bySku')} extra={<Typography.Text type="secondary" className="no-print">{t('fulfilment.detail.bySkuHelp')}</Typography.Text>} style={{ marginBottom: 16 }} className="print-section">
        <Table<PickingSkuLine>
          rowKey="skuId"
          size="middle"
          columns={skuColumns}
          dataSource={l.bySku}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          summary={(rows) => (
            <Table.Summary.Row className="summary-row">
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text strong>{t('fulfilment.detail.countsValue', { orders: l.orderCount, units: l.unitCount })}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <strong>{rows.reduce((s, r) => s + r.quantity, 0)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {rows.reduce((s, r) => s + r.shortQuantity, 0) || '—'}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
          data-testid="sku-table"
        />
      </Card>

      <Card variant="borderless" title={t('fulfilment.detail.byMember')} extra={<Typography.Text type="secondary" className="no-print">{t('fulfilment.detail.byMemberHelp')}</Typography.Text>} style={{ marginBottom: 16 }} className="print-section print-break-before">
        <Table<PickingMemberLine>
          rowKey="orderId"
          size="middle"
          columns={memberColumns}
          dataSource={l.byMember}
          pagination={false}
          scroll={{ x: 820 }}
          tableLayout="fixed"
          rowClassName={(m) => (m.collectedAt ? 'row-muted' : '')}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          data-testid="bag-table"
        />
      </Card>

      <Card variant="borderless" title={t('fulfilment.detail.shortagesTitle')} extra={l.shortages.length > 0 && <Typography.Text type="secondary" className="no-print">{t('fulfilment.detail.shortagesHelp')}</Typography.Text>} className="print-section">
        {l.shortages.length === 0 ? (
          <Typography.Text type="secondary">{t('fulfilment.detail.noShortages')}</Typography.Text>
        ) : (
          <Table<Shortage> rowKey={(s) => `${s.orderLineId}:${s.stage}:${s.createdAt}`} size="small" columns={shortageColumns} dataSource={l.shortages} pagination={false} data-testid="shortage-table" />
        )}
      </Card>

      <ShortageModal
        list={l}
        action={acting}
        onClose={() => setActing(null)}
        onDone={(next) => {
          message.success(next.status === 'arrived' ? t('fulfilment.detail.arrived') : t('fulfilment.detail.dispatched', { point: next.pickupPointName }));
          list.reload();
        }}
      />
    </PageContainer>
  );
}
