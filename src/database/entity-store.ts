import { DeepPartial, FindManyOptions, FindOptionsWhere, In, ObjectLiteral, Repository } from 'typeorm';
import { conflict, notFound } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { isReferencedRowViolation, isUniqueViolation } from './db-errors';

/**
 * The common read/write moves of a catalog table, with the API's errors: unknown id → 404,
 * duplicate unique value (including a race caught by the database's key) → 409, deleting a
 * row that others still reference → 409.
 */
export class EntityStore<T extends ObjectLiteral> {
  constructor(
    readonly repository: Repository<T>,
    private readonly noun: string,
    private readonly key: keyof T & string,
  ) {}

  async get(id: string | number): Promise<T> {
    const found = await this.repository.findOneBy({ [this.key]: id } as FindOptionsWhere<T>);
    if (!found) throw notFound(this.noun, id);
    return found;
  }

  /** The rows with the given keys, in one query (missing keys are simply absent). */
  async findByKeys(keys: Array<string | number>): Promise<T[]> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return [];
    return this.repository.findBy({ [this.key]: In(unique) } as FindOptionsWhere<T>);
  }

  async exists(key: string | number): Promise<boolean> {
    return this.repository.existsBy({ [this.key]: key } as FindOptionsWhere<T>);
  }

  async page(options: FindManyOptions<T>, page: Page): Promise<{ items: T[]; total: number }> {
    const [items, total] = await this.repository.findAndCount({ ...options, take: page.limit, skip: page.offset });
    return { items, total };
  }

  /**
   * Inserts or updates; `duplicate` is the sentence used when a unique key refuses the row, also
   * given as the problem of `uniqueField` so a form can show it beside that field.
   */
  async save(entity: DeepPartial<T>, duplicate: string, uniqueField = 'name'): Promise<T> {
    try {
      return await this.repository.save(entity);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(duplicate, [{ field: uniqueField, problems: [duplicate] }]);
      throw err;
    }
  }

  async delete(id: string | number, inUse: string): Promise<void> {
    await this.remove(await this.get(id), inUse);
  }

  async remove(entity: T, inUse: string): Promise<void> {
    try {
      await this.repository.remove(entity);
    } catch (err) {
      if (isReferencedRowViolation(err)) throw conflict(inUse);
      throw err;
    }
  }
}
