import { TestApp } from './test-app';

/** Builds catalog records through the API and returns their ids. */
export class CatalogFixtures {
  private seq = 0;
  // Several fixtures may share one database (an app restarted on it): names must not collide.
  private readonly tag = Math.random().toString(36).slice(2, 8);

  constructor(private readonly t: TestApp) {}

  async repository(name = `repo-${this.tag}-${++this.seq}`): Promise<number> {
    return (await this.t.http.post('/api/v1/repositories').send({ name, repository_type: 'local' }).expect(201)).body.id;
  }

  async vm(name: string): Promise<string> {
    return (await this.t.http.post('/api/v1/vm-contexts').send({ vm_name: name }).expect(201)).body.context_id;
  }

  /** A group whose members are the named VMs (created), in the given order of priority. */
  async group(vmNames: string[], maxConcurrent: number): Promise<string> {
    const id = (
      await this.t.http
        .post('/api/v1/machine-groups')
        .send({ name: `group-${this.tag}-${++this.seq}`, max_concurrent_vms: maxConcurrent })
        .expect(201)
    ).body.id;
    for (const [index, name] of vmNames.entries()) {
      const vm = await this.vm(name);
      await this.t.http.post(`/api/v1/machine-groups/${id}/vms`).send({ vm_context_id: vm, priority: index }).expect(201);
    }
    return id;
  }

  async flow(body: Record<string, unknown>): Promise<string> {
    return (
      await this.t.http
        .post('/api/v1/protection-flows')
        .send({ name: `flow-${this.tag}-${++this.seq}`, flow_type: 'backup', ...body })
        .expect(201)
    ).body.id;
  }
}
