import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../components/page-container';
import { useUrlParams } from '../../components/use-url-params';
import { ModerationLog, ModerationRules } from './moderation-panels';

/** 风控: the moderation log across groups and the keyword rules (tenant-wide and per group). */
export function ModerationPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const tab = params.get('tab') === 'rules' ? 'rules' : 'log';
  return (
    <PageContainer title={t('community.moderation.title')} intro={t('community.moderation.intro')}>
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setUrl({ tab: key === 'log' ? '' : key })}
          destroyOnHidden
          items={[
            { key: 'log', label: t('community.log.title'), children: <ModerationLog /> },
            { key: 'rules', label: t('community.rules.title'), children: <ModerationRules /> },
          ]}
          data-testid="moderation-tabs"
        />
      </Card>
    </PageContainer>
  );
}
