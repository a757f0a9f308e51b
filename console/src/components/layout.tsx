import type { ReactNode } from 'react';
import { Link, useLocation } from '../router';

const NAV: Array<{ to: string; label: string; section?: string }> = [
  { to: '/flows', label: 'Protection flows' },
  { to: '/executions', label: 'Executions' },
  { to: '/trends', label: 'Trends' },
  { to: '/catalog/vms', label: 'VMs', section: 'Catalog' },
  { to: '/catalog/groups', label: 'Protection groups' },
  { to: '/catalog/schedules', label: 'Schedules' },
  { to: '/catalog/repositories', label: 'Repositories' },
  { to: '/catalog/policies', label: 'Policies' },
];

/** The nav entry a path belongs to (a run's page belongs to Executions). */
const isCurrent = (path: string, to: string) => path === to || path.startsWith(`${to}/`);

export function Layout({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  return (
    <div className="app">
      <aside className="sidebar">
        <Link to="/flows" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Protection Flow Engine
        </Link>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <div key={item.to}>
              {item.section && <div className="nav-section">{item.section}</div>}
              <Link
                to={item.to}
                className={`nav-link${isCurrent(path, item.to) ? ' active' : ''}`}
                aria-current={isCurrent(path, item.to) ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </div>
          ))}
        </nav>
        <div className="sidebar-foot">
          <a href="/api/docs" className="nav-link">
            API docs
          </a>
        </div>
      </aside>
      <main className="main">{children}</main>
    </div>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
  back,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  back?: { to: string; label: string };
}) {
  return (
    <header className="page-header">
      <div>
        {back && (
          <Link to={back.to} className="back-link">
            ← {back.label}
          </Link>
        )}
        <h1>{title}</h1>
        {subtitle && <div className="subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </header>
  );
}
