import { useEffect } from 'react';
import { GroupDetailPage } from './catalog/group-detail';
import { GroupsPage } from './catalog/groups';
import { PoliciesPage } from './catalog/policies';
import { RepositoriesPage } from './catalog/repositories';
import { SchedulesPage } from './catalog/schedules';
import { VmsPage } from './catalog/vms';
import { PageHeader } from './components/layout';
import { ExecutionPage } from './pages/execution';
import { FlowDetailPage } from './pages/flow-detail';
import { FlowFormPage } from './pages/flow-form';
import { FlowsPage } from './pages/flows';
import { Link, matchPath, navigate, useLocation } from './router';

export function Routes() {
  const { path } = useLocation();
  const at = (pattern: string) => matchPath(pattern, path);
  useEffect(() => {
    if (path === '/') navigate('/flows', { replace: true });
  }, [path]);
  let params: Record<string, string> | null;
  if (at('/flows')) return <FlowsPage />;
  if (at('/flows/new')) return <FlowFormPage />;
  if ((params = at('/flows/:id/edit'))) return <FlowFormPage flowId={params.id} key={params.id} />;
  if ((params = at('/flows/:id'))) return <FlowDetailPage flowId={params.id} key={params.id} />;
  if ((params = at('/executions/:id'))) return <ExecutionPage executionId={params.id} key={params.id} />;
  if (at('/catalog/vms')) return <VmsPage />;
  if (at('/catalog/groups')) return <GroupsPage />;
  if ((params = at('/catalog/groups/:id'))) return <GroupDetailPage groupId={params.id} key={params.id} />;
  if (at('/catalog/schedules')) return <SchedulesPage />;
  if (at('/catalog/repositories')) return <RepositoriesPage />;
  if (at('/catalog/policies')) return <PoliciesPage />;
  if (path === '/') return null;
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        Nothing lives at <code>{path}</code>. <Link to="/flows">Go to the protection flows</Link>.
      </p>
    </>
  );
}
