import { DeepPartial, FindManyOptions, FindOptionsWhere, In, ObjectLiteral, Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { isReferencedRowViolation, isUniqueViolation } from './db-errors';
import { DuplicateRecordError, RecordInUseError, RecordNotFoundError } from './record-errors';

/**
 * The common moves on a table through its TypeORM repository — get by key, many by key, page,
 * save, remove — with the data's errors: an unknown key is RecordNotFoundError, a duplicate unique
 * value (a race caught by the database's key too) DuplicateRecordError, deleting a row others still
 * reference RecordInUseError. A module's `*Repository` extends it and adds its named queries.
 */
export abstract class CrudRepository<T extends ObjectLiteral> {
  protected constructor(
    protected readonly orm: Repository<T>,
    private readonly noun: string,
    private readonly key: keyof T & string,
  ) {}

  /** A new entity (not saved). */
  create(fields: DeepPartial<T>): T {
    return this.orm.create(fields);
  }

  async get(key: string | number): Promise<T> {
    const found = await this.orm.findOneBy({ [this.key]: key } as FindOptionsWhere<T>);
    if (!found) throw new RecordNotFoundError(this.noun, key);
    return found;
  }

  /** The rows with the given keys, in one query (missing keys are simply absent). */
  async findByKeys(keys: Array<string | number>): Promise<T[]> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return [];
    return this.orm.findBy({ [this.key]: In(unique) } as FindOptionsWhere<T>);
  }

  exists(key: string | number): Promise<boolean> {
    return this.orm.existsBy({ [this.key]: key } as FindOptionsWhere<T>);
  }

  async page(options: FindManyOptions<T>, page: Page): Promise<{ items: T[]; total: number }> {
    const [items, total] = await this.orm.findAndCount({ ...options, take: page.limit, skip: page.offset });
    return { items, total };
  }

  /**
   * Inserts or updates; `duplicate` is the sentence used when a unique key refuses the row, with
   * `uniqueField` the field a form shows it beside.
   */
  async save(entity: DeepPartial<T>, duplicate: string, uniqueField = 'name'): Promise<T> {
    try {
      return await this.orm.save(entity);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateRecordError(duplicate, uniqueField);
      throw err;
    }
  }

  async remove(entity: T, inUse: string): Promise<void> {
    try {
      await this.orm.remove(entity);
    } catch (err) {
      if (isReferencedRowViolation(err)) throw new RecordInUseError(inUse);
      throw err;
    }
  }
}
