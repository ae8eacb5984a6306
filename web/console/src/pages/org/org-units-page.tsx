import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Skeleton, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { OrgUnit, OrgUnitKind } from '../../api/types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { OrgKindTag } from '../../components/tags';
import { useOrgUnits } from '../../components/reference-data';
import { buildOrgTree, childKinds, type OrgTreeNode } from '../../components/org-tree';
import { FormModal } from '../../components/form-modal';
import { formatDateTime } from '../../components/format';

interface OrgUnitForm {
  kind: OrgUnitKind;
  name: string;
}

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

function toTreeItems(nodes: OrgTreeNode[]): TreeItem[] {
  return nodes.map((n) => ({
    key: n.key,
    title: (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
        <OrgKindTag kind={n.unit.kind} />
        {n.title}
      </span>
    ),
    children: toTreeItems(n.children),
  }));
}

export function OrgUnitsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const canWrite = can('orgUnits.write');
  const units = useOrgUnits();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ parent: OrgUnit } | null>(null);
  const [form] = Form.useForm<OrgUnitForm>();

  const tree = useMemo(() => buildOrgTree(units.data ?? []), [units.data]);
  const treeItems = useMemo(() => toTreeItems(tree), [tree]);
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const children = (units.data ?? []).filter((u) => selected && u.parentId === selected.id);
  const kindsForAdd = adding ? childKinds(adding.parent.kind) : [];

  return (
    <PageContainer title={t('orgUnits.title')} intro={t('orgUnits.intro')}>
      {units.error && <ProblemAlert error={units.error} onRetry={units.reload} />}
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card variant="borderless" style={{ minHeight: 360 }}>
            {units.loading && !units.data ? (
              <Skeleton active />
            ) : treeItems.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgUnits.empty')} />
            ) : (
              <Tree
                key={units.data?.length}
                treeData={treeItems}
                defaultExpandAll
                blockNode
                showLine
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId((keys[0] as string | undefined) ?? null)}
                style={{ fontSize: 14 }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            variant="borderless"
            title={t('orgUnits.details')}
            style={{ minHeight: 360 }}
            extra={
              selected &&
              canWrite &&
              childKinds(selected.kind).length > 0 && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding({ parent: selected })}>
                  {t('orgUnits.addChild')}
                </Button>
              )
            }
          >
            {selected ? (
              <>
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    { key: 'name', label: t('orgUnits.name'), children: <Typography.Text strong>{selected.name}</Typography.Text> },
                    { key: 'kind', label: t('orgUnits.kind'), children: <OrgKindTag kind={selected.kind} /> },
                    {
                      key: 'parent',
                      label: t('orgUnits.parent'),
                      children: selected.parentId ? (byId.get(selected.parentId)?.name ?? selected.parentId) : '—',
                    },
                    { key: 'id', label: t('orgUnits.id'), children: <Typography.Text copyable className="mono">{selected.id}</Typography.Text> },
                    { key: 'created', label: t('common.createdAt'), children: formatDateTime(selected.createdAt) },
                    {
                      key: 'children',
                      label: t('orgUnits.children'),
                      children: children.length ? (
                        <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
                          {children.map((c) => (
                            <a key={c.id} onClick={() => setSelectedId(c.id)}>
                              {c.name}
                            </a>
                          ))}
                        </span>
                      ) : (
                        '—'
                      ),
                    },
                  ]}
                />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgUnits.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>
      <FormModal<OrgUnitForm>
        title={adding ? t('orgUnits.addChildTitle', { parent: adding.parent.name }) : t('orgUnits.addTitle')}
        open={adding !== null}
        onClose={() => setAdding(null)}
        form={form}
        fields={['kind', 'name']}
        initialValues={{ kind: kindsForAdd[0], name: '' }}
        submit={async (values) => {
          const created = await api.post<OrgUnit>('/org-units', {
            parentId: adding?.parent.id,
            kind: values.kind,
            name: values.name.trim(),
          });
          message.success(t('orgUnits.created'));
          units.reload();
          if (created?.id) setSelectedId(created.id);
        }}
      >
        <Form.Item name="kind" label={t('orgUnits.kind')} rules={[{ required: true }]}>
          <Select options={kindsForAdd.map((k) => ({ value: k, label: t(`orgUnits.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('orgUnits.name')} rules={[{ required: true, whitespace: true, message: t('orgUnits.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('orgUnits.namePlaceholder')} autoFocus />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
