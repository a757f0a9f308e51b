import type { Schemas } from '../api';
import { StatusBadge } from '../components/status';
import { Time } from '../components/values';

/** What a run would do now: whether it may start, why not, and the VMs with their backup types. */
export function DryRunResult({ result }: { result: Schemas['FlowTestResponse'] }) {
  return (
    <section className="dry-run" aria-label="Test result">
      <h2>
        Test result <StatusBadge status={result.valid ? 'success' : 'error'} label={result.valid ? 'ready to run' : 'would not run'} />
      </h2>
      {result.errors.length > 0 && (
        <ul className="problems">
          {result.errors.map((e) => (
            <li key={e} className="problem-error">
              {e}
            </li>
          ))}
        </ul>
      )}
      {result.warnings.length > 0 && (
        <ul className="problems">
          {result.warnings.map((w) => (
            <li key={w} className="problem-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
      <table className="table table-compact">
        <caption>{`${result.resolved_vms.length} VM(s) would be backed up`}</caption>
        <thead>
          <tr>
            <th scope="col">VM</th>
            <th scope="col">Backup type</th>
          </tr>
        </thead>
        <tbody>
          {result.resolved_vms.map((vm) => (
            <tr key={vm.context_id}>
              <td>{vm.vm_name}</td>
              <td>{vm.backup_type === 'full' ? 'Full' : 'Incremental'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.next_runs.length > 0 && (
        <p className="muted">
          Next scheduled run: <Time value={result.next_runs[0]} />
        </p>
      )}
    </section>
  );
}
