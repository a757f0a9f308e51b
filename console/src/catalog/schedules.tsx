import { type FormEvent, useDeferredValue, useState } from 'react';
import { $api, fieldProblems, invalidate, type Schemas } from '../api';
import { Field } from '../components/controls';
import { ErrorBanner } from '../components/feedback';
import { StatusBadge } from '../components/status';
import { Time } from '../components/values';
import { setQuery, useLocation } from '../router';
import { CatalogPage, FormButtons } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Schedule = Schemas['ScheduleResponse'];
type Draft = Schemas['CreateScheduleDto'];
const PAGE = 50;
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

export function SchedulesPage() {
  const { query } = useLocation();
  const offset = Number(query.get('offset') ?? 0);
  const schedules = $api.useQuery('get', '/api/v1/schedules', { params: { query: { limit: PAGE, offset } } }, { placeholderData: (p) => p });
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
      offset={offset}
      pageSize={PAGE}
      onPage={(next) => setQuery({ offset: next || undefined })}
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
  const [value, setValue] = useState<Draft>(() =>
    schedule ? draftOf(schedule) : { name: '', cron_expression: '0 2 * * *', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' },
  );
  const create = $api.useMutation('post', '/api/v1/schedules');
  const update = $api.useMutation('put', '/api/v1/schedules/{id}');
  const save = schedule ? update : create;
  const cron = useDeferredValue(value.cron_expression);
  const zone = useDeferredValue(value.timezone ?? 'UTC');
  const preview = $api.useQuery(
    'get',
    '/api/v1/schedules/preview',
    { params: { query: { cron_expression: cron, timezone: zone, count: 3 } } },
    { enabled: cron.trim() !== '', retry: false },
  );
  const problems = { ...fieldProblems(preview.error), ...fieldProblems(save.error) };
  const set = (patch: Partial<Draft>) => setValue({ ...value, ...patch });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = schedule ? update.mutateAsync({ params: { path: { id: schedule.id } }, body: value }) : create.mutateAsync({ body: value });
    if (
      await done.then(
        () => true,
        () => false,
      )
    ) {
      await invalidate('/api/v1/schedules', '/api/v1/protection-flows');
      close();
    }
  };
  const hint = preview.data && (
    <span>
      Next runs:{' '}
      {preview.data.next_runs.map((run, i) => (
        <span key={run}>
          {i > 0 && ', '}
          <Time value={run} />
        </span>
      ))}
    </span>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2>{schedule ? `Edit ${schedule.name}` : 'New schedule'}</h2>
      <ErrorBanner error={save.error} besideFields />
      <div className="form-grid">
        <Field label="Name" problems={problems.name}>
          {(id) => <input id={id} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field
          label="Cron expression"
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
            <input
              id={id}
              type="number"
              min={0}
              value={value.retry_delay_minutes ?? 30}
              onChange={(e) => set({ retry_delay_minutes: Number(e.target.value) })}
            />
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
          <label className="checkbox">
            <input type="checkbox" checked={value.enabled ?? true} onChange={(e) => set({ enabled: e.target.checked })} />
            Enabled
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={value.skip_if_running ?? true} onChange={(e) => set({ skip_if_running: e.target.checked })} />
            Skip a run while the previous one is still going
          </label>
        </div>
      </div>
      <FormButtons saving={save.isPending} onCancel={close} />
    </form>
  );
}

function draftOf(s: Schedule): Draft {
  const {
    name,
    description,
    cron_expression,
    timezone,
    enabled,
    skip_if_running,
    retry_attempts,
    retry_delay_minutes,
    catchup_policy,
    catchup_window_minutes,
  } = s;
  return {
    name,
    description: description ?? undefined,
    cron_expression,
    timezone,
    enabled,
    skip_if_running,
    retry_attempts,
    retry_delay_minutes,
    catchup_policy,
    catchup_window_minutes,
  };
}
