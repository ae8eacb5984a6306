import { useCallback } from 'react';
import { Button, Card, Empty, Input, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { JOURNAL_KINDS, type JournalEntry, type JournalKind, type Posting } from '../../api/distribution-types';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTimeSeconds } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { postingsBalance } from './distribution-model';
import { ActorName, JournalKindTag, SlotTag } from './distribution-ui';

/** The postings of one entry: debit and credit columns, like a paper journal. */
function PostingsTable({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Posting> = [
    { title: '#', dataIndex: 'seq', width: 50 },
    {
      title: t('distribution.ledger.posting.account'),
      dataIndex: 'account',
      width: 130,
      render: (a: Posting['account']) => t(`distribution.ledger.accounts.${a}`),
    },
    {
      title: t('distribution.ledger.posting.beneficiary'),
      dataIndex: 'beneficiaryId',
      render: (id: string, p: Posting) => (
        <Link to={`/distribution/statements/${encodeURIComponent(id)}`} title={id}>
          {p.beneficiaryName || <span className="mono">{id}</span>}
        </Link>
      ),
    },
    {
      title: t('distribution.ledger.posting.slot'),
      dataIndex: 'slot',
      width: 110,
      render: (s: Posting['slot']) => (s ? <SlotTag slot={s} /> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('distribution.ledger.posting.debit'),
      key: 'debit',
      width: 110,
      align: 'right',
      render: (_, p) => (p.amountFen > 0 ? formatFen(p.amountFen) : ''),
    },
    {
      title: t('distribution.ledger.posting.credit'),
      key: 'credit',
      width: 110,
      align: 'right',
      render: (_, p) => (p.amountFen < 0 ? formatFen(-p.amountFen) : ''),
    },
  ];
  return (
    <Table<Posting>
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={entry.postings}
      pagination={false}
      className="postings-table"
      data-testid="ledger-postings"
    />
  );
}

/** 佣金流水账: journal entries, newest first, each expanding to its postings; filters in the URL. */
export function LedgerPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const kind = (JOURNAL_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as JournalKind) : '';
  const beneficiaryId = params.get('beneficiaryId') ?? '';
  const orderId = params.get('orderId') ?? '';
  const filtered = Boolean(kind || beneficiaryId || orderId);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<JournalEntry>>('/distribution/ledger', { kind, beneficiaryId, orderId, limit, cursor }),
    [kind, beneficiaryId, orderId],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ kind, beneficiaryId, orderId }));

  const columns: TableColumnsType<JournalEntry> = [
    {
      title: t('distribution.ledger.columns.time'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(v)}</span>,
    },
    {
      title: t('distribution.ledger.columns.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: JournalKind) => <JournalKindTag kind={k} />,
    },
    {
      // The server's memo is a technical note in English; the kind says what happened in the UI's language.
      title: t('distribution.ledger.columns.memo'),
      key: 'memo',
      ellipsis: { showTitle: false },
      render: (_, e) => (
        <Tooltip title={e.memo || undefined}>
          <span>{t(`distribution.ledger.kindHelp.${e.kind}`)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('distribution.ledger.columns.reference'),
      key: 'reference',
      width: 200,
      render: (_, e) => (
        <div style={{ whiteSpace: 'nowrap', fontSize: 13 }}>
          {e.orderId && (
            <div>
              <Typography.Text type="secondary">{t('distribution.ledger.order')} </Typography.Text>
              <Link className="mono" to={`/orders?order=${encodeURIComponent(e.orderId)}`} title={e.orderId}>
                …{e.orderId.slice(-10)}
              </Link>
            </div>
          )}
          {e.payoutBatchId && (
            <div>
              <Typography.Text type="secondary">{t('distribution.ledger.batch')} </Typography.Text>
              <Link className="mono" to={`/distribution/payouts/${encodeURIComponent(e.payoutBatchId)}`} title={e.payoutBatchId}>
                …{e.payoutBatchId.slice(-10)}
              </Link>
            </div>
          )}
          {!e.orderId && !e.payoutBatchId && <Typography.Text type="secondary">—</Typography.Text>}
        </div>
      ),
    },
    {
      title: t('distribution.ledger.columns.amount'),
      key: 'amount',
      width: 150,
      align: 'right',
      render: (_, e) => {
        // An entry's size is what it debits (equal to what it credits when it balances).
        const debits = e.postings.reduce((s, p) => s + Math.max(0, p.amountFen), 0);
        const off = postingsBalance(e.postings);
        return (
          <span style={{ whiteSpace: 'nowrap' }}>
            {formatFen(debits)}{' '}
            {off === 0 ? (
              <Tooltip title={t('distribution.ledger.balanced')}>
                <CheckCircleOutlined style={{ color: '#52c41a' }} />
              </Tooltip>
            ) : (
              <Tooltip title={t('distribution.ledger.unbalanced', { amount: formatFen(off) })}>
                <WarningOutlined style={{ color: '#cf1322' }} />
              </Tooltip>
            )}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('distribution.ledger.postingsN', { count: e.postings.length })}
              </Typography.Text>
            </div>
          </span>
        );
      },
    },
    {
      title: t('distribution.ledger.columns.actor'),
      key: 'actor',
      width: 160,
      render: (_, e) => (
        <div style={{ fontSize: 13 }}>
          {t(`distribution.ledger.actorTypes.${e.actorType}` as 'distribution.ledger.actorTypes.user', { defaultValue: e.actorType })}
          {e.actorId && e.actorType === 'user' && (
            <div>
              {e.actorName || <ActorName id={e.actorId} />}
            </div>
          )}
        </div>
      ),
    },
  ];

  return (
    <PageContainer title={t('distribution.ledger.title')} intro={t('distribution.ledger.intro')}>
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={kind}
            style={{ width: 160 }}
            onChange={(v: string) => setUrl({ kind: v })}
            options={[
              { value: '', label: `${t('distribution.ledger.kind')}: ${t('common.all')}` },
              ...JOURNAL_KINDS.map((k) => ({ value: k, label: t(`distribution.ledger.kinds.${k}`) })),
            ]}
            data-testid="ledger-kind"
          />
          <Input.Search
            key={`b-${beneficiaryId}`}
            defaultValue={beneficiaryId}
            placeholder={t('distribution.ledger.beneficiaryPlaceholder')}
            allowClear
            style={{ width: 240 }}
            onSearch={(v) => setUrl({ beneficiaryId: v.trim() })}
          />
          <Input.Search
            key={`o-${orderId}`}
            defaultValue={orderId}
            placeholder={t('distribution.ledger.orderPlaceholder')}
            allowClear
            style={{ width: 240 }}
            onSearch={(v) => setUrl({ orderId: v.trim() })}
          />
          {filtered && (
            <Button type="link" onClick={() => setUrl({ kind: '', beneficiaryId: '', orderId: '' })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<JournalEntry>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1000 }}
          tableLayout="fixed"
          expandable={{ expandedRowRender: (e) => <PostingsTable entry={e} />, rowExpandable: (e) => e.postings.length > 0 }}
          locale={{
            emptyText: page.loading ? (
              ' '
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('distribution.ledger.emptyFiltered') : t('distribution.ledger.empty')}
              />
            ),
          }}
          data-testid="ledger-table"
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
