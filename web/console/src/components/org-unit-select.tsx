import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { OrgUnit } from '../api/types';
import { buildOrgTree, type OrgTreeNode } from './org-tree';

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

function toOptions(nodes: OrgTreeNode[]): TreeOption[] {
  return nodes.map((n) => ({ value: n.value, title: n.title, children: toOptions(n.children) }));
}

/** Picks one or several org units from the tenant's tree. */
export function OrgUnitSelect(props: {
  units: OrgUnit[] | undefined;
  loading?: boolean;
  multiple?: boolean;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  placeholder?: string;
  id?: string;
}) {
  const treeData = useMemo(() => toOptions(buildOrgTree(props.units ?? [])), [props.units]);
  return (
    <TreeSelect
      id={props.id}
      treeData={treeData}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.((v as string | string[] | undefined) ?? (props.multiple ? [] : null))}
      multiple={props.multiple}
      allowClear
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      loading={props.loading}
      placeholder={props.placeholder}
      style={{ width: '100%' }}
    />
  );
}
