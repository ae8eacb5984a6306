import { Button, Select, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CursorPage } from './use-cursor-page';

/** Previous / next controls for a cursor-paginated table (no total count: the API has none). */
export function CursorPager({ page }: { page: CursorPage<unknown> }) {
  const { t } = useTranslation();
  if (page.index === 0 && !page.hasNext && page.items.length === 0) return null;
  return (
    <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 16 }}>
      <Space size="middle">
        <Button icon={<LeftOutlined />} disabled={!page.hasPrev || page.loading} onClick={page.prev}>
          {t('common.prevPage')}
        </Button>
        <Typography.Text type="secondary">{t('common.pageN', { n: page.index + 1 })}</Typography.Text>
        <Button disabled={!page.hasNext} onClick={page.next}>
          {t('common.nextPage')} <RightOutlined />
        </Button>
        <Select
          value={page.limit}
          style={{ width: 110 }}
          onChange={(v: number) => page.setLimit(v)}
          options={[10, 20, 50].map((n) => ({ value: n, label: t('common.perPage', { n }) }))}
        />
      </Space>
    </div>
  );
}
