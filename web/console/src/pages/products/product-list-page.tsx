import { useCallback } from 'react';
import { useUrlParams } from '../../components/use-url-params';
import { Button, Card, Empty, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { ProductStatus, ProductSummary } from '../../api/types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { ProductStatusTag } from '../../components/tags';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime } from '../../components/format';
import { formatFenRange } from '../../../../shared/money';

const SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'title', '-title'] as const;
type Sort = (typeof SORTS)[number];
const STATUSES: ProductStatus[] = ['draft', 'active', 'archived'];

export function ProductListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { can } = useSession();
  const canWrite = can('products.write');
  const isLeader = me.actor.role === 'leader';
  const [params, setUrl] = useUrlParams();

  const filters = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    category: params.get('category') ?? '',
    inSelectionLibrary: params.get('lib') ?? '',
    sort: (SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as Sort) : '-createdAt',
  };
  const hasFilters = Boolean(filters.q || filters.status || filters.category || filters.inSelectionLibrary);

  const setFilter = (key: string, value: string) => setUrl({ [key]: value });

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<ProductSummary>>('/products', {
        q: filters.q,
        status: filters.status,
        category: filters.category,
        inSelectionLibrary: filters.inSelectionLibrary,
        sort: filters.sort,
        limit,
        cursor,
      }),
    [filters.q, filters.status, filters.category, filters.inSelectionLibrary, filters.sort],
  );
  const page = useCursorPage(fetchPage, JSON.stringify(filters));

  const columns: TableColumnsType<ProductSummary> = [
    {
      title: t('products.columns.product'),
      key: 'product',
      minWidth: 280,
      render: (_, p) => (
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          {p.images[0] ? (
            <img className="product-thumb" src={p.images[0]} alt="" loading="lazy" />
          ) : (
            <span className="product-thumb">
              <PictureOutlined />
            </span>
          )}
          <Link to={`/products/${p.id}`} style={{ fontWeight: 500, minWidth: 0 }}>
            {p.title}
          </Link>
        </div>
      ),
    },
    { title: t('products.category'), dataIndex: 'category', width: 120, render: (c: string) => c || '—' },
    {
      title: t('products.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: ProductStatus) => <ProductStatusTag status={s} />,
    },
    ...(isLeader
      ? []
      : [
          {
            title: t('products.inSelectionLibrary'),
            dataIndex: 'inSelectionLibrary',
            width: 110,
            render: (v: boolean) =>
              v ? <Tag color="orange">{t('products.inLibrary')}</Tag> : <Typography.Text type="secondary">—</Typography.Text>,
          },
        ]),
    { title: t('products.columns.skuCount'), dataIndex: 'skuCount', width: 90, align: 'right' },
    {
      title: t('products.columns.price'),
      key: 'price',
      width: 170,
      align: 'right',
      render: (_, p) => <span style={{ whiteSpace: 'nowrap' }}>{formatFenRange(p.minPriceFen, p.maxPriceFen)}</span>,
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, p) => <Link to={`/products/${p.id}`}>{canWrite ? t('common.edit') : t('common.view')}</Link>,
    },
  ];

  const emptyText = hasFilters ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.emptyFiltered')} />
  ) : (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <span>
          {isLeader ? t('products.leaderEmpty') : t('products.empty')}
          {canWrite && (
            <>
              <br />
              <Typography.Text type="secondary">{t('products.emptyHint')}</Typography.Text>
            </>
          )}
        </span>
      }
    >
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/products/new')}>
          {t('products.new')}
        </Button>
      )}
    </Empty>
  );

  return (
    <PageContainer
      title={isLeader ? t('products.libraryTitle') : t('products.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/products/new')}>
            {t('products.new')}
          </Button>
        )
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <Input.Search
            key={`q-${filters.q}`}
            defaultValue={filters.q}
            placeholder={t('products.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 280 }}
            onSearch={(v) => setFilter('q', v.trim())}
            data-testid="product-search"
          />
          <Select
            value={filters.status}
            style={{ width: 130 }}
            onChange={(v: string) => setFilter('status', v)}
            options={[
              { value: '', label: `${t('products.status')}: ${t('common.all')}` },
              ...STATUSES.map((s) => ({ value: s, label: t(`products.statuses.${s}`) })),
            ]}
          />
          <Input
            key={`c-${filters.category}`}
            defaultValue={filters.category}
            placeholder={t('products.categoryPlaceholder')}
            allowClear
            style={{ width: 160 }}
            onPressEnter={(e) => setFilter('category', e.currentTarget.value.trim())}
            onBlur={(e) => setFilter('category', e.currentTarget.value.trim())}
            onClear={() => setFilter('category', '')}
          />
          {!isLeader && (
            <Select
              value={filters.inSelectionLibrary}
              style={{ width: 150 }}
              onChange={(v: string) => setFilter('lib', v)}
              options={[
                { value: '', label: `${t('products.inSelectionLibrary')}: ${t('common.all')}` },
                { value: 'true', label: t('products.inLibrary') },
                { value: 'false', label: t('products.notInLibrary') },
              ]}
            />
          )}
          <span className="toolbar-spacer" />
          <Select
            value={filters.sort}
            style={{ width: 150 }}
            onChange={(v: string) => setFilter('sort', v === '-createdAt' ? '' : v)}
            options={SORTS.map((s) => ({ value: s, label: t(`products.sortOptions.${s}`) }))}
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<ProductSummary>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
