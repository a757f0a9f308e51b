import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { RawSql } from '../database/raw-sql';
import { ChangeEventEntity } from './change-event.entity';

export type NewChangeEvent = Pick<ChangeEventEntity, 'type' | 'payload' | 'at'>;
export type ChangeEvent = NewChangeEvent & { id: number };

@Injectable()
export class ChangeEventRepository {
  constructor(
    @InjectRepository(ChangeEventEntity) private readonly events: Repository<ChangeEventEntity>,
    private readonly sql: RawSql,
  ) {}

  /** One plain multi-row INSERT per batch. */
  async insertMany(rows: NewChangeEvent[]): Promise<void> {
    await this.sql.insert(
      'change_events',
      ['at', 'type', 'payload'],
      rows.map((r) => [r.at, r.type, r.payload]),
    );
  }

  /** Events after `id`, oldest first. */
  async after(id: number, limit: number): Promise<ChangeEvent[]> {
    const rows = await this.events.find({ where: { id: MoreThan(id) }, order: { id: 'ASC' }, take: limit });
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  async lastId(): Promise<number> {
    const [last] = await this.events.find({ select: { id: true }, order: { id: 'DESC' }, take: 1 });
    return Number(last?.id ?? 0);
  }

  async deleteBefore(at: Date): Promise<void> {
    await this.events.delete({ at: LessThan(at) });
  }
}
