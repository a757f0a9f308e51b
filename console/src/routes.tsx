import { Redirect, Route, Switch } from 'wouter';
import { GroupDetailPage } from './catalog/group-detail';
import { GroupsPage } from './catalog/groups';
import { PoliciesPage } from './catalog/policies';
import { RepositoriesPage } from './catalog/repositories';
import { SchedulesPage } from './catalog/schedules';
import { VmsPage } from './catalog/vms';
import { PageHeader } from './components/layout';
import { FlowDetailPage } from './flows/flow-detail';
import { FlowFormPage } from './flows/flow-form';
import { FlowsPage } from './flows/flows-page';
import { ExecutionPage } from './runs/execution-page';
import { ExecutionsPage } from './runs/executions-page';
import { TrendsPage } from './trends/trends-page';
import { Link, useLocation } from './router';

export function Routes() {
  return (
    <Switch>
      <Route path="/">
        <Redirect to="/flows" replace />
      </Route>
      <Route path="/flows" component={FlowsPage} />
      <Route path="/flows/new">
        <FlowFormPage />
      </Route>
      <Route path="/flows/:id/edit">{({ id }) => <FlowFormPage flowId={id} key={id} />}</Route>
      <Route path="/flows/:id">{({ id }) => <FlowDetailPage flowId={id} key={id} />}</Route>
      <Route path="/executions" component={ExecutionsPage} />
      <Route path="/trends" component={TrendsPage} />
      <Route path="/executions/:id">{({ id }) => <ExecutionPage executionId={id} key={id} />}</Route>
      <Route path="/catalog/vms" component={VmsPage} />
      <Route path="/catalog/groups" component={GroupsPage} />
      <Route path="/catalog/groups/:id">{({ id }) => <GroupDetailPage groupId={id} key={id} />}</Route>
      <Route path="/catalog/schedules" component={SchedulesPage} />
      <Route path="/catalog/repositories" component={RepositoriesPage} />
      <Route path="/catalog/policies" component={PoliciesPage} />
      <Route component={NotFound} />
    </Switch>
  );
}

function NotFound() {
  const { path } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        Nothing lives at <code>{path}</code>. <Link to="/flows">Go to the protection flows</Link>.
      </p>
    </>
  );
}
