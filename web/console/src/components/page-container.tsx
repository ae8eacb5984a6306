import { useEffect, type ReactNode } from 'react';
import { Breadcrumb, Typography } from 'antd';
import { Link } from 'react-router';

export interface Crumb {
  title: string;
  to?: string;
}

/** A page's title row (breadcrumb, title, intro, actions) and its body, with the console's spacing. */
export function PageContainer(props: {
  title: ReactNode;
  intro?: ReactNode;
  extra?: ReactNode;
  breadcrumb?: Crumb[];
  /** The browser tab's title; defaults to `title` when that is plain text. */
  documentTitle?: string;
  children: ReactNode;
}) {
  const tabTitle = props.documentTitle ?? (typeof props.title === 'string' ? props.title : undefined);
  useEffect(() => {
    if (tabTitle) document.title = `${tabTitle} · Tuan`;
  }, [tabTitle]);
  return (
    <div className="page">
      {props.breadcrumb && (
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={props.breadcrumb.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))}
        />
      )}
      <div className="page-header">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {props.title}
          </Typography.Title>
          {props.intro && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {props.intro}
            </Typography.Paragraph>
          )}
        </div>
        {props.extra && <div className="page-header-extra">{props.extra}</div>}
      </div>
      {props.children}
    </div>
  );
}
