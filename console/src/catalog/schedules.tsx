import { useDeferredValue } from 'react';
import { $api, fieldProblems, type Schemas } from '../api';
import { Checkbox, Field } from '../components/controls';
import { StatusBadge } from '../components/status';
import { NextRuns } from '../components/values';
import { CatalogForm, useCatalogForm, useCatalogPaging } from './catalog-form';
import { CatalogPage } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Schedule = Schemas['ScheduleResponse'];
type Draft = Schemas['CreateScheduleDto'];
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

export function SchedulesPage() {
  const { offset, limit } = useCatalogPaging();
  const schedules = $api.useQuery('get', '/api/v1/schedules', { params: { query: { limit, offset } } }, { placeholderData: (p) => p });
  const deletion = $api.useMutation('delete', '/api/v1/schedules/{id}');
  const remove = useRefreshingDelete('/api/v1/schedules');
  return (
    <CatalogPage<Schedule>
      title="Schedules"
      subtitle="When flows run. Editing a schedule re-times every flow that uses it at once."
      noun="schedule"
      list={{ rows: schedules.data?.schedules, total: schedules.data?.total ?? 0, isPending: schedules.isPending, error: schedules.error }}
      columns={[
        { header: 'Name', cell: (s) => <span className="strong">{s.name}</span> },
        { header: 'When', cell: (s) => <span className="mono">{s.cron_expression}</span> },
        { header: 'Time zone', cell: (s) => s.timezone },
        { header: 'State', cell: (s) => <StatusBadge status={s.enabled ? 'success' : 'cancelled'} label={s.enabled ? 'enabled' : 'disabled'} /> },
        { header: 'If still running', cell: (s) => (s.skip_if_running ? 'skip' : 'queue one') },
        { header: 'Retries', cell: (s) => (s.retry_attempts ? `${s.retry_attempts} after ${s.retry_delay_minutes} min` : 'none') },
      ]}
      rowKey={(s) => s.id}
      rowName={(s) => s.name}
      renderForm={(s, close) => <ScheduleForm schedule={s} close={close} />}
      onDelete={(s, detach) => remove(() => deletion.mutateAsync({ params: { path: { id: s.id }, query: { detach } } }))}
      detach={{
        label: 'Delete and run them on demand only',
        explanation: 'Deleting it anyway leaves these flows without a schedule: they run only when started by hand, and each says so on its page.',
      }}
      empty="No schedules yet. Without one, flows run only on demand."
    />
  );
}

function ScheduleForm({ schedule, close }: { schedule: Schedule | null; close: () => void }) {
  const create = $api.useMutation('post', '/api/v1/schedules');
  const update = $api.useMutation('put', '/api/v1/schedules/{id}');
  const form = useCatalogForm<Draft>(
    () => (schedule ? draftOf(schedule) : { name: '', cron_expression: '0 2 * * *', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' }),
    schedule ? update : create,
    (body) => (schedule ? update.mutateAsync({ params: { path: { id: schedule.id } }, body }) : create.mutateAsync({ body })),
    { refetch: ['/api/v1/schedules', '/api/v1/protection-flows'], close },
  );
  const { value, set } = form;
  const cron = useDeferredValue(value.cron_expression);
  const zone = useDeferredValue(value.timezone ?? 'UTC');
  const preview = $api.useQuery(
    'get',
    '/api/v1/schedules/preview',
    { params: { query: { cron_expression: cron, timezone: zone, count: 3 } } },
    { enabled: cron.trim() !== '', retry: false },
  );
  const problems = { ...fieldProblems(preview.error), ...form.problems };
  const hint = preview.data && <NextRuns runs={preview.data.next_runs} zone={zone} />;
  return (
    <CatalogForm title={schedule ? `Edit ${schedule.name}` : 'New schedule'} form={form} onCancel={close}>
      <Field label="Name" problems={problems.name} required>
        {(id) => <input id={id} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field
        label="Cron expression"
        required
        problems={problems.cron_expression}
        hint={hint || '5 fields, 6 with seconds first, or @hourly, @daily, @weekly, @monthly, @yearly'}
      >
        {(id) => <input id={id} className="mono" value={value.cron_expression} onChange={(e) => set({ cron_expression: e.target.value })} />}
      </Field>
      <Field label="Time zone" problems={problems.timezone}>
        {(id) => (
          <>
            <input id={id} list="time-zones" value={value.timezone ?? ''} onChange={(e) => set({ timezone: e.target.value })} />
            <datalist id="time-zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Description" problems={problems.description}>
        {(id) => <input id={id} value={value.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} />}
      </Field>
      <Field label="Retries per failed VM" problems={problems.retry_attempts}>
        {(id) => <input id={id} type="number" min={0} value={value.retry_attempts ?? 0} onChange={(e) => set({ retry_attempts: Number(e.target.value) })} />}
      </Field>
      <Field label="Minutes between retries" problems={problems.retry_delay_minutes}>
        {(id) => (
          <input id={id} type="number" min={0} value={value.retry_delay_minutes ?? 30} onChange={(e) => set({ retry_delay_minutes: Number(e.target.value) })} />
        )}
      </Field>
      <Field label="Missed runs" problems={problems.catchup_policy}>
        {(id) => (
          <select id={id} value={value.catchup_policy ?? 'run_once'} onChange={(e) => set({ catchup_policy: e.target.value as Draft['catchup_policy'] })}>
            <option value="run_once">Run the newest once</option>
            <option value="skip">Skip them</option>
          </select>
        )}
      </Field>
      <Field label="Catch-up window (minutes)" problems={problems.catchup_window_minutes}>
        {(id) => (
          <input
            id={id}
            type="number"
            min={0}
            value={value.catchup_window_minutes ?? 60}
            onChange={(e) => set({ catchup_window_minutes: Number(e.target.value) })}
          />
        )}
      </Field>
      <div className="field">
        <Checkbox label="Enabled" checked={value.enabled ?? true} onChange={(enabled) => set({ enabled })} />
        <Checkbox
          label="Skip a run while the previous one is still going"
          checked={value.skip_if_running ?? true}
          onChange={(skip_if_running) => set({ skip_if_running })}
        />
      </div>
    </CatalogForm>
  );
}

function draftOf(s: Schedule): Draft {
  const { id: _id, created_at: _created, updated_at: _updated, description, ...rest } = s;
  return { ...rest, description: description ?? undefined };
}
