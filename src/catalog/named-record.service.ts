import { DeepPartial, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { CrudRepository } from '../database/crud.repository';
import { applyPatch } from '../common/patch';
import { RecordSource, refuseIfImported } from './record-source';

/** How a delete treats the records that use the one deleted: refuse (409), or let them go of it (`detach`). */
export interface DeleteOptions {
  detach: boolean;
  actor: string;
}

interface NamedRecord extends ObjectLiteral {
  id: string | number;
  name: string;
  /** Importable records (repositories) carry where they come from. */
  source?: RecordSource;
}

/**
 * CRUD for a catalog record with a unique name. Subclasses add their own rules in
 * `check`, which runs on the merged record before every write.
 */
export abstract class NamedRecordService<T extends NamedRecord, C extends object, U extends object> {
  protected constructor(
    protected readonly store: CrudRepository<T>,
    private readonly noun: string,
  ) {}

  list(page: Page): Promise<{ items: T[]; total: number }> {
    return this.store.page({ order: { name: 'ASC' } as FindOptionsOrder<T> }, page);
  }

  get(id: string | number): Promise<T> {
    return this.store.get(id);
  }

  /** Many records by id in one query; unknown ids are left out. */
  findMany(ids: Array<string | number>): Promise<T[]> {
    return this.store.findByKeys(ids);
  }

  exists(id: string | number): Promise<boolean> {
    return this.store.exists(id);
  }

  async create(dto: C): Promise<T> {
    const record = this.store.create({ ...dto } as unknown as DeepPartial<T>);
    await this.check(record);
    return this.store.save(record, this.duplicateName(record.name));
  }

  async update(id: string | number, dto: U): Promise<T> {
    const record = await this.store.get(id);
    refuseIfImported(record, `${this.noun} "${record.name}"`);
    applyPatch(record, dto);
    await this.check(record);
    return this.store.save(record, this.duplicateName(record.name));
  }

  async delete(id: string | number, options: DeleteOptions = { detach: false, actor: 'system' }): Promise<void> {
    const record = await this.store.get(id);
    refuseIfImported(record, `${this.noun} "${record.name}"`);
    await this.beforeDelete(record, options);
    await this.store.remove(record, `${this.noun} "${record.name}" is still in use`);
  }

  protected check(_record: T): Promise<void> | void {}

  protected beforeDelete(_record: T, _options: DeleteOptions): Promise<void> | void {}

  private duplicateName(name: string): string {
    return `A ${this.noun.toLowerCase()} named "${name}" already exists`;
  }
}
