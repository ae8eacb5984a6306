import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Empty, Input, Space, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { SandboxSms } from '../../api/types';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTimeSeconds } from '../../components/format';

export function SandboxSmsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const phone = params.get('phone') ?? '';
  const [autoRefresh, setAutoRefresh] = useState(false);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<SandboxSms>>('/sandbox/sms', { phone, cursor, limit }),
    [phone],
  );
  const page = useCursorPage(fetchPage, phone);
  const { reset } = page;

  useEffect(() => {
    if (!autoRefresh) return;
    const timer = setInterval(reset, 5000);
    return () => clearInterval(timer);
  }, [autoRefresh, reset]);

  const columns: TableColumnsType<SandboxSms> = [
    {
      title: t('sandboxSms.sentAt'),
      dataIndex: 'createdAt',
      width: 180,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(v)}</span>,
    },
    { title: t('sandboxSms.phone'), dataIndex: 'phone', width: 150, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('sandboxSms.code'),
      dataIndex: 'code',
      width: 140,
      render: (code: string | null) =>
        code ? (
          <Typography.Text copyable className="mono" strong style={{ fontSize: 16, letterSpacing: 2 }} data-testid="sms-code">
            {code}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('sandboxSms.text'), dataIndex: 'text' },
  ];

  return (
    <PageContainer
      title={t('sandboxSms.title')}
      intro={t('sandboxSms.intro')}
      extra={
        <Space>
          <span>
            <Switch size="small" checked={autoRefresh} onChange={setAutoRefresh} /> {t('sandboxSms.autoRefresh')}
          </span>
          <Button icon={<ReloadOutlined />} onClick={page.reset} loading={page.loading}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <Input.Search
            key={`p-${phone}`}
            defaultValue={phone}
            allowClear
            enterButton
            inputMode="tel"
            placeholder={t('sandboxSms.phonePlaceholder')}
            style={{ width: 260 }}
            onSearch={(v) =>
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev);
                  if (v.trim()) next.set('phone', v.trim());
                  else next.delete('phone');
                  return next;
                },
                { replace: true },
              )
            }
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<SandboxSms>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading && !autoRefresh}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sandboxSms.empty')} /> }}
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
