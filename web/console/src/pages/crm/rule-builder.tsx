import { Button, Dropdown, Segmented, Select, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CONDITION_TYPES, MAX_RULE_CONDITIONS, type ConditionType } from '../../api/crm-types';
import type { RuleOptions } from './crm-data';
import { ConditionInputs } from './condition-inputs';
import { fitWidth } from './crm-model';
import {
  addCondition,
  addGroup,
  canNestIn,
  countConditions,
  defaultCondition,
  moveNode,
  removeNode,
  serverMessageKey,
  setGroupType,
  updateCondition,
  type ConditionDraft,
  type GroupDraft,
  type Issue,
  type NodeProblem,
} from './rule-model';

export interface RuleBuilderProps {
  value: GroupDraft;
  onChange: (next: GroupDraft) => void;
  options: RuleOptions;
  /** The server's errors, by editor key (see `problemsByNode`). */
  problems: Record<string, NodeProblem[]>;
  /** What the editor found unfinished (see `toRule`). */
  issues: Issue[];
  manualTagsOnly?: boolean;
  disabled?: boolean;
}

/**
 * The segment rule editor: AND/OR groups nested up to four deep, each holding condition rows that
 * can be added, moved and removed. Errors show at the row (and the field) they are about.
 */
export function RuleBuilder(props: RuleBuilderProps) {
  const full = countConditions(props.value) >= MAX_RULE_CONDITIONS;
  return (
    <div className="rule-builder" data-testid="rule-builder">
      <GroupBox group={props.value} depth={1} first last full={full} {...props} />
    </div>
  );
}

function GroupBox(props: RuleBuilderProps & { group: GroupDraft; depth: number; first: boolean; last: boolean; full: boolean }) {
  const { t } = useTranslation();
  const { group, depth, value: root, onChange, disabled } = props;
  const isRoot = depth === 1;
  const problems = props.problems[group.key] ?? [];
  const empty = group.children.length === 0;
  const addMenu = {
    items: CONDITION_TYPES.map((type) => ({ key: type, label: t(`crm.rule.types.${type}`) })),
    onClick: ({ key }: { key: string }) => onChange(addCondition(root, group.key, key as ConditionType)),
  };
  return (
    <div className={`rule-group rule-group-${group.type}${isRoot ? ' rule-group-root' : ''}`} data-testid="rule-group" data-depth={depth} data-type={group.type}>
      <div className="rule-group-head">
        <Segmented<'all' | 'any'>
          size="small"
          value={group.type}
          onChange={(type) => onChange(setGroupType(root, group.key, type))}
          options={[
            { value: 'all', label: t('crm.rule.all') },
            { value: 'any', label: t('crm.rule.any') },
          ]}
          disabled={disabled}
          data-testid="rule-group-type"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {group.type === 'all' ? t('crm.rule.allHelp') : t('crm.rule.anyHelp')}
        </Typography.Text>
        <span className="toolbar-spacer" />
        {!isRoot && <MoveRemove nodeKey={group.key} first={props.first} last={props.last} root={root} onChange={onChange} disabled={disabled} />}
      </div>
      {empty && isRoot && (
        <Typography.Paragraph type="secondary" className="rule-empty" data-testid="rule-empty">
          {t('crm.rule.empty')}
        </Typography.Paragraph>
      )}
      <div className="rule-children">
        {group.children.map((child, i) => (
          <div key={child.key} className="rule-child">
            {i > 0 && <span className={`rule-connector rule-connector-${group.type}`}>{group.type === 'all' ? t('crm.rule.and') : t('crm.rule.or')}</span>}
            {child.kind === 'group' ? (
              <GroupBox {...props} group={child} depth={depth + 1} first={i === 0} last={i === group.children.length - 1} />
            ) : (
              <ConditionRow {...props} node={child} first={i === 0} last={i === group.children.length - 1} />
            )}
          </div>
        ))}
      </div>
      <ProblemLines problems={problems} issues={[]} />
      {!disabled && (
        <div className="rule-group-actions">
          <Dropdown menu={addMenu} trigger={['click']} disabled={props.full}>
            <Button size="small" type="dashed" icon={<PlusOutlined />} data-testid="rule-add-condition">
              {t('crm.rule.addCondition')}
            </Button>
          </Dropdown>
          {canNestIn(depth) && (
            <Button size="small" type="dashed" icon={<ApartmentOutlined />} onClick={() => onChange(addGroup(root, group.key))} disabled={props.full} data-testid="rule-add-group">
              {t('crm.rule.addGroup')}
            </Button>
          )}
          {props.full && <Typography.Text type="secondary">{t('crm.rule.full', { max: MAX_RULE_CONDITIONS })}</Typography.Text>}
        </div>
      )}
    </div>
  );
}

function ConditionRow(props: RuleBuilderProps & { node: ConditionDraft; first: boolean; last: boolean }) {
  const { t } = useTranslation();
  const { node, value: root, onChange, disabled } = props;
  const problems = props.problems[node.key] ?? [];
  const issues = props.issues.filter((i) => i.key === node.key);
  const status = (field: string) => (problems.some((p) => p.field === field) ? 'error' : issues.some((i) => i.field === field) ? 'warning' : '') as '' | 'error' | 'warning';
  return (
    <div className={`cond-row${problems.length ? ' cond-row-error' : ''}`} data-testid="rule-condition" data-type={node.cond.type}>
      <div className="cond-row-main">
        <div className="cond-row-fields">
          <Select<ConditionType>
            value={node.cond.type}
            onChange={(type) => onChange(updateCondition(root, node.key, defaultCondition(type)))}
            options={CONDITION_TYPES.map((type) => ({ value: type, label: t(`crm.rule.types.${type}`) }))}
            style={{ width: fitWidth([t(`crm.rule.types.${node.cond.type}`)], 96) }}
            popupMatchSelectWidth={false}
            disabled={disabled}
            data-testid="rule-type"
          />
          <ConditionInputs cond={node.cond} onChange={(cond) => onChange(updateCondition(root, node.key, cond))} options={props.options} manualTagsOnly={props.manualTagsOnly} status={status} disabled={disabled} />
        </div>
        <MoveRemove nodeKey={node.key} first={props.first} last={props.last} root={root} onChange={onChange} disabled={disabled} />
      </div>
      <ProblemLines problems={problems} issues={issues} />
    </div>
  );
}

function MoveRemove({ nodeKey, first, last, root, onChange, disabled }: { nodeKey: string; first: boolean; last: boolean; root: GroupDraft; onChange: (g: GroupDraft) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  if (disabled) return null;
  return (
    <span className="cond-row-actions">
      <Tooltip title={t('crm.rule.moveUp')}>
        <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={first} onClick={() => onChange(moveNode(root, nodeKey, -1))} aria-label={t('crm.rule.moveUp')} data-testid="rule-up" />
      </Tooltip>
      <Tooltip title={t('crm.rule.moveDown')}>
        <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={last} onClick={() => onChange(moveNode(root, nodeKey, 1))} aria-label={t('crm.rule.moveDown')} data-testid="rule-down" />
      </Tooltip>
      <Tooltip title={t('crm.rule.remove')}>
        <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(removeNode(root, nodeKey))} aria-label={t('crm.rule.remove')} data-testid="rule-remove" />
      </Tooltip>
    </span>
  );
}

/** The server's messages (red) and what is still unfinished (amber) under a row or a group. */
function ProblemLines({ problems, issues }: { problems: NodeProblem[]; issues: Issue[] }) {
  const { t } = useTranslation();
  if (problems.length === 0 && issues.length === 0) return null;
  return (
    <div className="rule-problems">
      {problems.map((p, i) => {
        const key = serverMessageKey(p.message);
        return (
          <Typography.Text key={`p${i}`} type="danger" data-testid="rule-problem" data-field={p.field}>
            {key ? t(`crm.rule.server.${key}`) : p.message}
          </Typography.Text>
        );
      })}
      {issues.map((issue, i) => (
        <Typography.Text key={`i${i}`} type="warning" data-testid="rule-issue" data-field={issue.field}>
          {t(`crm.rule.issues.${issue.code}`)}
        </Typography.Text>
      ))}
    </div>
  );
}
