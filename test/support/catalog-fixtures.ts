import { TestApp } from './test-app';

/** Builds catalog records through the API and returns their ids. */
export class CatalogFixtures {
  private seq = 0;
  // Several fixtures may share one database (an app restarted on it): names must not collide.
  private readonly tag = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly t: TestApp,
    private readonly token?: string,
  ) {}

  async repository(name = `repo-${this.tag}-${++this.seq}`): Promise<number> {
    return (await this.post('/repositories', { name, type: 'local' })).id as number;
  }

  async vm(name: string): Promise<string> {
    return (await this.post('/vm-contexts', { vm_name: name })).context_id as string;
  }

  /** A group whose members are the named VMs (created), in the given order of priority. */
  async group(vmNames: string[], maxConcurrent: number): Promise<string> {
    const id = (await this.post('/machine-groups', { name: `group-${this.tag}-${++this.seq}`, max_concurrent_vms: maxConcurrent })).id as string;
    for (const [index, name] of vmNames.entries()) {
      await this.post(`/machine-groups/${id}/vms`, { vm_context_id: await this.vm(name), priority: index });
    }
    return id;
  }

  async flow(body: Record<string, unknown>): Promise<string> {
    return (await this.post('/protection-flows', { name: `flow-${this.tag}-${++this.seq}`, flow_type: 'backup', ...body })).id as string;
  }

  private async post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request = this.t.http.post(`/api/v1${path}`).send(body);
    if (this.token) request.set('Authorization', `Bearer ${this.token}`);
    return (await request.expect(201)).body as Record<string, unknown>;
  }
}
