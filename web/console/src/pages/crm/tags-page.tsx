import { useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, FolderAddOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { CrmTag, TagGroup } from '../../api/crm-types';
import { formatDateTime } from '../../components/format';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { crm, tagGroups, useCrmTags } from './crm-data';
import { EmptyState, TagChip } from './crm-ui';
import { FormModal } from '../../components/form-modal';
import { TagFormModal } from './tag-form-modal';

/**
 * 标签: tag groups and their tags with how many people carry each; create a manual or a rule tag,
 * rename or recolour, delete; a tag's count opens the member list filtered by it. A group can be
 * renamed or deleted (its tags stay, ungrouped).
 */
export function TagsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [version, setVersion] = useState(0);
  const tags = useCrmTags(version);
  const [editing, setEditing] = useState<{ tag: CrmTag | null } | null>(null);
  /** The group modal: creating one (group null) or renaming `group`. */
  const [groupModal, setGroupModal] = useState<{ group: TagGroup | null } | null>(null);
  const [groupForm] = Form.useForm<{ name: string }>();
  const reload = () => setVersion((v) => v + 1);
  const groups = tags.data?.groups ?? [];
  const items = tags.data?.items ?? [];

  const remove = (tag: CrmTag) =>
    modal.confirm({
      title: t('crm.tags.deleteConfirm', { name: tag.name }),
      content: t('crm.tags.deleteHint', { count: tag.profiles }),
      okText: t('crm.tags.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await crm.deleteTag(tag.id);
          message.success(t('crm.tags.deleted', { name: tag.name }));
          reload();
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });

  const removeGroup = async (group: TagGroup) => {
    try {
      const { ungroupedTags } = await tagGroups.remove(group.id);
      message.success(t('crm.tags.groupDeleted', { name: group.name, count: ungroupedTags }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
    reload();
  };

  const groupActions = (group: TagGroup, count: number) => (
    <Space size={4} wrap={false}>
      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setGroupModal({ group })} data-testid={`tag-group-rename-${group.id}`}>
        {t('crm.tags.renameGroup')}
      </Button>
      <Popconfirm
        title={t('crm.tags.deleteGroupConfirm', { name: group.name })}
        description={<div style={{ maxWidth: 280 }}>{count > 0 ? t('crm.tags.deleteGroupHint', { count }) : t('crm.tags.deleteGroupHintEmpty')}</div>}
        okText={t('crm.tags.delete')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => removeGroup(group)}
      >
        <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`tag-group-delete-${group.id}`}>
          {t('crm.tags.deleteGroup')}
        </Button>
      </Popconfirm>
    </Space>
  );

  const columns: TableColumnsType<CrmTag> = [
    { title: t('crm.tags.columns.tag'), key: 'tag', width: 220, render: (_, tag) => <TagChip tag={tag} /> },
    {
      title: t('crm.tags.columns.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: CrmTag['kind']) => (
        <Tag variant="outlined" color={k === 'rule' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`crm.tagKinds.${k}`)}
        </Tag>
      ),
    },
    {
      title: t('crm.tags.columns.profiles'),
      dataIndex: 'profiles',
      width: 110,
      align: 'right',
      render: (n: number, tag) => (
        <Link to={`/crm/profiles?tagId=${encodeURIComponent(tag.id)}`} data-testid="tag-profiles">
          {t('crm.tags.people', { count: n })}
        </Link>
      ),
    },
    {
      title: t('crm.tags.columns.updated'),
      key: 'updated',
      width: 170,
      render: (_, tag) => <span className="nowrap">{tag.kind === 'rule' ? t('crm.tags.refreshed', { time: formatDateTime(tag.refreshedAt) }) : formatDateTime(tag.createdAt)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      render: (_, tag) => (
        <span className="nowrap">
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ tag })} data-testid="tag-edit">
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(tag)} data-testid="tag-delete">
            {t('crm.tags.delete')}
          </Button>
        </span>
      ),
    },
  ];

  const sections: Array<{ group: TagGroup | null; tags: CrmTag[] }> = [
    ...groups.map((g) => ({ group: g, tags: items.filter((i) => i.groupId === g.id) })),
    { group: null, tags: items.filter((i) => !i.groupId || !groups.some((g) => g.id === i.groupId)) },
  ].filter((s) => s.group || s.tags.length > 0);

  return (
    <PageContainer
      title={t('crm.tags.title')}
      intro={t('crm.tags.intro')}
      extra={
        <>
          <Button icon={<FolderAddOutlined />} onClick={() => setGroupModal({ group: null })} data-testid="tag-group-new">
            {t('crm.tags.newGroup')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ tag: null })} data-testid="tag-new">
            {t('crm.tags.newTag')}
          </Button>
        </>
      }
    >
      {tags.error && <ProblemAlert error={tags.error} onRetry={tags.reload} />}
      {!tags.loading && items.length === 0 && groups.length === 0 ? (
        <Card variant="borderless">
          <EmptyState text={t('crm.tags.empty')} hint={t('crm.tags.emptyHint')} />
        </Card>
      ) : (
        sections.map(({ group, tags: list }) => (
          <Card
            key={group?.id ?? 'ungrouped'}
            variant="borderless"
            title={
              <span>
                {group?.name ?? t('crm.tags.ungrouped')}{' '}
                <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
                  {t('crm.tags.groupCount', { count: list.length })}
                </Typography.Text>
              </span>
            }
            extra={group && groupActions(group, list.length)}
            style={{ marginBottom: 16 }}
            data-testid="tag-section"
          >
            <Table<CrmTag>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list}
              loading={tags.loading}
              pagination={false}
              scroll={{ x: 760 }}
              tableLayout="fixed"
              locale={{ emptyText: t('crm.tags.groupEmpty') }}
              data-testid="tags-table"
            />
          </Card>
        ))
      )}
      <TagFormModal
        open={Boolean(editing)}
        tag={editing?.tag ?? null}
        groups={groups}
        onClose={() => setEditing(null)}
        onSaved={(saved, created) => {
          message.success(t(created ? 'crm.tags.created' : 'crm.tags.saved', { name: saved.name, count: saved.profiles }));
          reload();
        }}
      />
      <FormModal<{ name: string }>
        title={groupModal?.group ? t('crm.tags.renameGroupTitle', { name: groupModal.group.name }) : t('crm.tags.newGroup')}
        open={Boolean(groupModal)}
        onClose={() => setGroupModal(null)}
        form={groupForm}
        fields={['name']}
        initialValues={{ name: groupModal?.group?.name ?? '' }}
        okText={groupModal?.group ? t('common.save') : t('common.create')}
        testId="tag-group-form"
        width={480}
        conflictOnField
        resetAfterMount
        submit={async (v) => {
          const renaming = groupModal?.group;
          const g = renaming ? await tagGroups.rename(renaming.id, v.name.trim()) : await crm.createTagGroup(v.name.trim());
          message.success(t(renaming ? 'crm.tags.groupRenamed' : 'crm.tags.groupCreated', { name: g.name }));
          reload();
        }}
      >
        <Form.Item name="name" label={t('crm.tags.groupName')} rules={[{ required: true, whitespace: true, message: t('crm.tags.groupNameRequired') }, { max: 40 }]}>
          <Input maxLength={40} placeholder={t('crm.tags.groupNamePlaceholder')} data-testid="tag-group-name" />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
