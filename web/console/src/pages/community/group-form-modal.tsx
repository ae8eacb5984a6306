import { Alert, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { GROUP_STATUSES, GROUP_TYPES, type Group } from '../../api/community-types';
import { FormModal } from '../../components/form-modal';
import { OrgUnitSelect } from '../../components/org-unit-select';
import { useOrgUnits } from '../../components/reference-data';
import { createGroupBody, updateGroupBody, withLocalizedFieldErrors, type GroupFormValues } from './community-model';
import { useGroupLeaderOptions, withKnown } from './community-data';

const FIELDS = ['orgUnitId', 'type', 'name', 'purpose', 'rules', 'capacity', 'warnLimit', 'leaderIds', 'externalId', 'status'];

/**
 * Creates a group (org unit, type, name, purpose, rules, capacity, warn limit, leaders) or edits
 * one (`group` given: everything but the org unit and type, plus its status). Owners and operators.
 */
export function GroupFormModal(props: { open: boolean; onClose: () => void; group?: Group; onSaved: (group: Group) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GroupFormValues>();
  const editing = props.group;
  const units = useOrgUnits();
  const leaders = useGroupLeaderOptions(props.open);
  const options = withKnown(leaders.options, editing?.leaders ?? []);

  const initialValues: Partial<GroupFormValues> = editing
    ? {
        name: editing.name,
        purpose: editing.purpose,
        rules: editing.rules,
        capacity: editing.capacity,
        warnLimit: editing.warnLimit,
        status: editing.status,
        leaderIds: editing.leaders.map((l) => l.id),
        externalId: editing.externalId ?? '',
      }
    : { type: 'retail', capacity: 500, warnLimit: 3, leaderIds: [] };

  return (
    <FormModal<GroupFormValues>
      title={editing ? t('community.groupForm.editTitle', { name: editing.name }) : t('community.groups.new')}
      open={props.open}
      onClose={props.onClose}
      form={form}
      fields={FIELDS}
      width={640}
      okText={editing ? t('common.save') : t('common.create')}
      initialValues={initialValues}
      submit={async (values) => {
        const saved = await (editing
          ? api.patch<Group>(`/groups/${encodeURIComponent(editing.id)}`, updateGroupBody(editing, values))
          : api.post<Group>('/groups', createGroupBody(values))
        ).catch((err: unknown) => {
          throw withLocalizedFieldErrors(err);
        });
        props.onSaved(saved);
      }}
    >
      <div data-testid="group-form">
        {!editing && (
          <>
            <Form.Item name="orgUnitId" label={t('community.groupForm.orgUnit')} rules={[{ required: true, message: t('community.groupForm.orgUnitRequired') }]}>
              <OrgUnitSelect units={units.data} loading={units.loading} placeholder={t('community.groupForm.orgUnitPlaceholder')} />
            </Form.Item>
            <Form.Item name="type" label={t('community.groupForm.type')} rules={[{ required: true }]} extra={<TypeHelp />}>
              <Radio.Group optionType="button" buttonStyle="solid" options={GROUP_TYPES.map((type) => ({ value: type, label: t(`community.types.${type}`) }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t('community.groupForm.name')} rules={[{ required: true, whitespace: true, message: t('community.groupForm.nameRequired') }]}>
          <Input maxLength={60} autoFocus={!editing} data-testid="group-name" />
        </Form.Item>
        <Form.Item name="purpose" label={t('community.groupForm.purpose')} extra={t('community.groupForm.purposeHelp')}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('community.groupForm.purposePlaceholder')} />
        </Form.Item>
        <Form.Item name="rules" label={t('community.groupForm.rules')} extra={t('community.groupForm.rulesHelp')}>
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('community.groupForm.rulesPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={editing ? 8 : 12}>
            <Form.Item name="capacity" label={t('community.groupForm.capacity')} rules={[{ required: true, message: t('community.groupForm.capacityRequired') }]}>
              <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} suffix={t('community.groupForm.people')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={editing ? 8 : 12}>
            <Form.Item
              name="warnLimit"
              label={t('community.groupForm.warnLimit')}
              tooltip={t('community.groupForm.warnLimitHelp')}
              rules={[{ required: true, message: t('community.groupForm.warnLimitRequired') }]}
            >
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} suffix={t('community.groupForm.times')} />
            </Form.Item>
          </Col>
          {editing && (
            <Col xs={24} sm={8}>
              <Form.Item name="status" label={t('community.groupForm.status')} tooltip={t('community.groupForm.statusHelp')}>
                <Select options={GROUP_STATUSES.map((s) => ({ value: s, label: t(`community.groupStatuses.${s}`) }))} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="leaderIds" label={t('community.groupForm.leaders')} extra={leaders.unavailable ? undefined : t('community.groupForm.leadersHelp')}>
          <Select
            mode="multiple"
            allowClear
            loading={leaders.loading}
            placeholder={t('community.groupForm.leadersPlaceholder')}
            showSearch={{ optionFilterProp: 'label' }}
            options={options.map((o) => ({
              value: o.value,
              label: o.label,
              title: o.hint,
            }))}
            optionRender={(o) => (
              <span>
                {o.label}
                {o.data.title && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    · {o.data.title}
                  </Typography.Text>
                )}
              </span>
            )}
            data-testid="group-leaders"
          />
        </Form.Item>
        {leaders.unavailable && <Alert type="info" showIcon style={{ marginTop: -8, marginBottom: 16 }} title={t('community.groupForm.leadersUnavailable')} />}
        <Form.Item name="externalId" label={t('community.groupForm.externalId')} extra={t('community.groupForm.externalIdHelp')}>
          <Input maxLength={120} className="mono" />
        </Form.Item>
      </div>
    </FormModal>
  );
}

function TypeHelp() {
  const { t } = useTranslation();
  return (
    <div style={{ fontSize: 12 }}>
      {GROUP_TYPES.map((type) => (
        <div key={type}>
          <Typography.Text strong style={{ fontSize: 12 }}>
            {t(`community.types.${type}`)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            — {t(`community.typeHelp.${type}`)}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}
