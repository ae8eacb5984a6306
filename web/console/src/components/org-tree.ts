import type { OrgUnit } from '../api/types';

export interface OrgTreeNode {
  key: string;
  value: string;
  title: string;
  unit: OrgUnit;
  children: OrgTreeNode[];
}

const KIND_ORDER = { brand: 0, region: 1, dealer: 2, store: 3 } as const;

/**
 * Builds the org tree from the API's flat list. Units whose parent is not in the list (for example
 * outside an operator's scope) become roots, so nothing disappears.
 */
export function buildOrgTree(units: readonly OrgUnit[]): OrgTreeNode[] {
  const nodes = new Map<string, OrgTreeNode>();
  for (const unit of units) nodes.set(unit.id, { key: unit.id, value: unit.id, title: unit.name, unit, children: [] });
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort(
      (a, b) =>
        KIND_ORDER[a.unit.kind] - KIND_ORDER[b.unit.kind] ||
        a.unit.createdAt.localeCompare(b.unit.createdAt) ||
        a.title.localeCompare(b.title),
    );
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * The kinds a new unit may have under a parent of `parentKind` (brand → region/dealer → store). The
 * brand itself is the tenant's root and is never created here.
 */
export function childKinds(parentKind: OrgUnit['kind']): OrgUnit['kind'][] {
  switch (parentKind) {
    case 'brand':
      return ['region', 'dealer', 'store'];
    case 'region':
      return ['region', 'dealer', 'store'];
    case 'dealer':
      return ['store'];
    case 'store':
      return [];
  }
}
