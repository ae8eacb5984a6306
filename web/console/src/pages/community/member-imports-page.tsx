import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, Progress, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { CloseOutlined, DownloadOutlined, InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { ImportOutcome, ImportOutcomeFilter, ImportStatus, MemberImport, MemberImportReport, MemberImportRow } from '../../api/fulfilment-types';
import { postFile } from '../../api/upload';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { useGroupOptions } from './community-data';
import { EmptyHint } from './community-ui';
import { IMPORT_MAX_BYTES, IMPORT_OUTCOME_FILTERS, importContentType, importFileKind, importPercent, isImportRunning, isOutcomeFilter } from './import-model';

const POLL_MS = 1000;

const STATUS_COLORS: Record<ImportStatus, string> = { running: 'processing', done: 'success', failed: 'error' };
const OUTCOME_COLORS: Record<ImportOutcome, string> = { created: 'success', matched: 'blue', duplicate: 'warning', failed: 'error' };

function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status} data-testid="import-status">
      {t(`community.imports.statuses.${status}`)}
    </Tag>
  );
}

/**
 * 成员导入: upload a CSV or XLSX list (optionally into a group), follow its progress, read the report
 * of problem rows by their row number, and the past imports. The import open is `?id=` in the URL.
 */
export function MemberImportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setUrl] = useUrlParams();
  const openId = params.get('id') ?? '';
  const outcome: ImportOutcomeFilter = isOutcomeFilter(params.get('outcome')) ? (params.get('outcome') as ImportOutcomeFilter) : 'problems';
  const groups = useGroupOptions();
  const [groupId, setGroupId] = useState<string>('');
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);

  const fetchHistory = useCallback(({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<MemberImport>>('/member-imports', { limit, cursor }), []);
  const history = useCursorPage(fetchHistory, 'imports', 10);

  const upload = async (file: File) => {
    const kind = importFileKind(file.name, file.type);
    if (!kind) {
      message.error(t('community.imports.badType'));
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      message.error(t('community.imports.tooLarge'));
      return;
    }
    setUploading(file.name);
    setUploadError(null);
    try {
      const started = await postFile<MemberImport>('/member-imports', file, importContentType(kind), { groupId, filename: file.name, format: kind });
      message.success(t('community.imports.started', { name: file.name }));
      setUrl({ id: started.id, outcome: '' });
      history.reset();
    } catch (err) {
      setUploadError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setUploading(null);
    }
  };

  const historyColumns: TableColumnsType<MemberImport> = [
    {
      title: t('community.imports.historyColumns.file'),
      key: 'file',
      render: (_, imp) => (
        <div style={{ minWidth: 0 }}>
          <a onClick={() => setUrl({ id: imp.id, outcome: '' })} data-testid="import-open">
            <Typography.Text strong ellipsis={{ tooltip: imp.filename }} style={{ maxWidth: '100%', color: 'inherit' }}>
              {imp.filename || imp.id}
            </Typography.Text>
          </a>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{imp.format.toUpperCase()}</div>
        </div>
      ),
    },
    {
      title: t('community.imports.historyColumns.group'),
      dataIndex: 'groupName',
      width: 170,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('community.imports.noGroup')}</Typography.Text>,
    },
    { title: t('community.imports.historyColumns.status'), dataIndex: 'status', width: 90, render: (s: ImportStatus) => <ImportStatusTag status={s} /> },
    {
      title: t('community.imports.historyColumns.result'),
      key: 'result',
      width: 230,
      render: (_, imp) => (
        <span style={{ fontSize: 13 }}>
          {t('community.imports.resultSummary', { created: imp.createdRows, matched: imp.matchedRows, failed: imp.failedRows })}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            / {imp.totalRows}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('community.imports.historyColumns.by'), dataIndex: 'createdByName', width: 100, render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('community.imports.historyColumns.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, imp) => <a onClick={() => setUrl({ id: imp.id, outcome: '' })}>{t('community.imports.viewReport')}</a>,
    },
  ];

  return (
    <PageContainer title={t('community.imports.title')} intro={t('community.imports.intro')}>
      <Card
        variant="borderless"
        title={t('community.imports.uploadTitle')}
        style={{ marginBottom: 16 }}
        extra={
          <Space size={4} wrap>
            <Typography.Text type="secondary">{t('community.imports.template')}</Typography.Text>
            <Button type="link" size="small" icon={<DownloadOutlined />} href="/api/v1/member-import-template?format=xlsx" download data-testid="import-template-xlsx">
              {t('community.imports.templateXlsx')}
            </Button>
            <Button type="link" size="small" icon={<DownloadOutlined />} href="/api/v1/member-import-template?format=csv" download data-testid="import-template-csv">
              {t('community.imports.templateCsv')}
            </Button>
          </Space>
        }
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={8}>
            <Typography.Text strong>{t('community.imports.group')}</Typography.Text>
            <Select
              value={groupId || undefined}
              allowClear
              placeholder={t('community.imports.groupPlaceholder')}
              loading={groups.loading}
              showSearch={{ optionFilterProp: 'label' }}
              options={groups.options}
              onChange={(v: string | undefined) => setGroupId(v ?? '')}
              style={{ width: '100%', marginTop: 8 }}
              data-testid="import-group"
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
              {t('community.imports.groupHelp')}
            </Typography.Paragraph>
          </Col>
          <Col xs={24} lg={16} data-testid="import-upload">
            <Upload.Dragger
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              disabled={uploading !== null}
              beforeUpload={(file) => {
                void upload(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">{uploading ? <LoadingOutlined /> : <InboxOutlined />}</p>
              <p className="ant-upload-text">{uploading ? t('community.imports.uploading', { name: uploading }) : t('community.imports.drop')}</p>
              <p className="ant-upload-hint">{t('community.imports.dropHint')}</p>
            </Upload.Dragger>
          </Col>
        </Row>
        {uploadError && (
          <div style={{ marginTop: 16 }}>
            <ProblemAlert error={uploadError} extra={uploadError.fieldErrors.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message))} />
          </div>
        )}
      </Card>

      {openId && (
        <ImportReport
          key={openId}
          id={openId}
          outcome={outcome}
          onOutcome={(o) => setUrl({ outcome: o === 'problems' ? '' : o })}
          onClose={() => setUrl({ id: '', outcome: '' })}
          onFinished={history.reload}
        />
      )}

      <Card variant="borderless" title={t('community.imports.historyTitle')}>
        {history.error && <ProblemAlert error={history.error} onRetry={history.reload} />}
        <Table<MemberImport>
          rowKey="id"
          columns={historyColumns}
          dataSource={history.items}
          loading={history.loading}
          pagination={false}
          scroll={{ x: 1000 }}
          tableLayout="fixed"
          rowClassName={(imp) => (imp.id === openId ? 'row-selected' : '')}
          locale={{ emptyText: history.loading ? ' ' : <EmptyHint text={t('community.imports.historyEmpty')} hint={t('community.imports.historyEmptyHint')} /> }}
          data-testid="import-history"
        />
        <CursorPager page={history} />
      </Card>
    </PageContainer>
  );
}

/** One import: progress while it runs (polled every second), its counters, and its rows by outcome. */
function ImportReport(props: { id: string; outcome: ImportOutcomeFilter; onOutcome: (o: ImportOutcomeFilter) => void; onClose: () => void; onFinished: () => void }) {
  const { id, outcome } = props;
  const { t } = useTranslation();
  const [summary, setSummary] = useState<MemberImport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;
  const running = isImportRunning(summary);

  // Poll the counters while the import runs; stop when it is done (or failed) and tell the page.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasRunning = false;
    const poll = async () => {
      try {
        const report = await api.get<MemberImportReport>(`/member-imports/${encodeURIComponent(id)}`, { limit: 1 });
        if (cancelled) return;
        setSummary(report.import);
        setError(null);
        if (report.import.status === 'running') {
          wasRunning = true;
          timer = setTimeout(() => void poll(), POLL_MS);
        } else if (wasRunning) {
          onFinished.current();
        }
      } catch (err) {
        if (!cancelled) setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
      }
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, attempt]);

  const fetchRows = useCallback(
    async ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      (await api.get<MemberImportReport>(`/member-imports/${encodeURIComponent(id)}`, { outcome, limit, cursor })).rows,
    [id, outcome],
  );
  // The rows are read again when the import finishes (while it runs they are still being written).
  const rows = useCursorPage(fetchRows, JSON.stringify({ id, outcome, running }), 20);

  const columns: TableColumnsType<MemberImportRow> = [
    {
      title: t('community.imports.columns.row'),
      dataIndex: 'rowNumber',
      width: 90,
      render: (v: number) => (
        <span className="mono" data-testid="import-row-number">
          {v}
        </span>
      ),
    },
    {
      title: t('community.imports.columns.outcome'),
      dataIndex: 'outcome',
      width: 100,
      render: (o: ImportOutcome) => (
        <Tag color={OUTCOME_COLORS[o]} style={{ marginInlineEnd: 0 }} data-outcome={o}>
          {t(`community.imports.outcomes.${o}`)}
        </Tag>
      ),
    },
    {
      title: t('community.imports.columns.reason'),
      dataIndex: 'reason',
      render: (v: string) => (v ? <span data-testid="import-row-reason">{v}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('community.imports.columns.phone'), dataIndex: 'phone', width: 140, render: (v: string) => <span className="mono">{v || '—'}</span> },
    { title: t('community.imports.columns.name'), dataIndex: 'name', width: 110, render: (v: string) => v || '—' },
    { title: t('community.imports.columns.channel'), dataIndex: 'channel', width: 120, render: (v: string) => v || '—' },
    {
      title: t('community.imports.columns.joined'),
      dataIndex: 'joined',
      width: 70,
      render: (v: boolean) => (v ? t('common.yes') : <Typography.Text type="secondary">—</Typography.Text>),
    },
  ];

  const s = summary;
  const percent = s ? importPercent(s) : 0;
  return (
    <Card
      variant="borderless"
      style={{ marginBottom: 16 }}
      title={
        <Space size={8}>
          <span>{t('community.imports.reportTitle', { name: s?.filename || id })}</span>
          {s && <ImportStatusTag status={s.status} />}
        </Space>
      }
      extra={<Button type="text" icon={<CloseOutlined />} onClick={props.onClose} aria-label={t('community.imports.closeReport')} />}
      data-testid="import-report"
    >
      {error && <ProblemAlert error={error} onRetry={() => setAttempt((a) => a + 1)} />}
      {s && (
        <>
          <div style={{ marginBottom: 16 }}>
            <Progress
              percent={percent}
              status={s.status === 'failed' ? 'exception' : s.status === 'done' ? 'success' : 'active'}
              data-testid="import-progress"
              data-percent={percent}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {running && <LoadingOutlined style={{ marginInlineEnd: 6 }} />}
              {t('community.imports.progressValue', { processed: s.processedRows, total: s.totalRows })}
              {s.groupName ? ` · ${s.groupName}` : ''}
              {s.finishedAt ? ` · ${formatDateTime(s.finishedAt)}` : ''}
            </Typography.Text>
          </div>
          {s.error && <ProblemAlert error={new ApiError({ status: 500, detail: s.error })} />}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="import-counters">
            {(
              [
                ['total', s.totalRows, undefined],
                ['created', s.createdRows, '#389e0d'],
                ['matched', s.matchedRows, '#1677ff'],
                ['joined', s.joinedRows, undefined],
                ['duplicates', s.duplicateRows, s.duplicateRows ? '#d48806' : undefined],
                ['failed', s.failedRows, s.failedRows ? '#cf1322' : undefined],
              ] as const
            ).map(([key, value, color]) => (
              <Col key={key} xs={8} md={4}>
                <Statistic title={t(`community.imports.counters.${key}`)} value={value} styles={{ content: color ? { color } : undefined }} data-testid={`import-count-${key}`} />
              </Col>
            ))}
          </Row>
        </>
      )}
      <div className="toolbar">
        <Segmented<ImportOutcomeFilter>
          value={outcome}
          onChange={props.onOutcome}
          options={IMPORT_OUTCOME_FILTERS.map((o) => ({ value: o, label: t(`community.imports.outcomes.${o}`) }))}
          data-testid="import-outcome"
        />
      </div>
      {rows.error && <ProblemAlert error={rows.error} onRetry={rows.reload} />}
      <Table<MemberImportRow>
        rowKey="rowNumber"
        size="middle"
        columns={columns}
        dataSource={rows.items}
        loading={rows.loading}
        pagination={false}
        scroll={{ x: 900 }}
        tableLayout="fixed"
        locale={{
          emptyText: rows.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={running ? t('community.imports.running') : outcome === 'problems' ? t('community.imports.rowsEmptyProblems') : t('community.imports.rowsEmpty')} />,
        }}
        data-testid="import-rows"
      />
      <CursorPager page={rows} />
    </Card>
  );
}
