import { Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberTier } from '../../api/types';
import { createMemberTier } from './crm-data';
import { FormModal } from '../../components/form-modal';
import { nextTierRank, TIER_RANK_LIMITS, tierAtRank } from './tiers-model';

interface TierForm {
  name: string;
  rank: number | null;
}

/**
 * 新建等级: a member tier's name and rank (one above the highest tier unless changed). A rank held by
 * another tier is caught here; a taken name shows the server's message under the name.
 */
export function TierCreateModal({ open, tiers, onClose, onCreated }: { open: boolean; tiers: ReadonlyArray<{ name: string; rank: number }>; onClose: () => void; onCreated: (tier: MemberTier) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TierForm>();
  const [min, max] = TIER_RANK_LIMITS;
  return (
    <FormModal<TierForm>
      title={t('crm.tierCreate.title')}
      open={open}
      onClose={onClose}
      form={form}
      fields={['name', 'rank']}
      initialValues={{ name: '', rank: nextTierRank(tiers) }}
      testId="tier-form"
      conflictOnField
      resetAfterMount
      width={480}
      submit={async (v) => onCreated(await createMemberTier({ name: v.name.trim(), rank: v.rank! }))}
    >
      <Form.Item name="name" label={t('crm.tierCreate.name')} rules={[{ required: true, whitespace: true, message: t('crm.tierCreate.nameRequired') }, { max: 30 }]}>
        <Input maxLength={30} placeholder={t('crm.tierCreate.namePlaceholder')} data-testid="tier-form-name" />
      </Form.Item>
      <Form.Item
        name="rank"
        label={t('crm.tierCreate.rank')}
        extra={t('crm.tierCreate.rankHelp')}
        rules={[
          { required: true, type: 'integer', min, max, message: t('crm.tierCreate.rankRequired') },
          {
            validator: async (_, value: number | null) => {
              const holder = tierAtRank(tiers, value);
              if (holder) throw new Error(t('crm.tierCreate.rankTaken', { rank: holder.rank, name: holder.name }));
            },
          },
        ]}
      >
        <InputNumber min={min} max={max} precision={0} style={{ width: 150 }} data-testid="tier-form-rank" />
      </Form.Item>
    </FormModal>
  );
}
