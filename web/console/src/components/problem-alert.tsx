import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';

/** The server's own message for a failed call (already in the UI language), with an optional retry. */
export function ProblemAlert({ error, onRetry, extra }: { error: ApiError; onRetry?: () => void; extra?: string[] }) {
  const { t } = useTranslation();
  const detail = error.status === 0 ? t('common.networkError') : error.message;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={detail}
      description={extra && extra.length > 0 ? extra.map((m) => <div key={m}>{m}</div>) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
