import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { CrudRepository } from '../database/crud.repository';
import { ScheduleEntity } from './schedule.entity';

@Injectable()
export class ScheduleRepository extends CrudRepository<ScheduleEntity> {
  constructor(@InjectRepository(ScheduleEntity) orm: Repository<ScheduleEntity>) {
    super(orm, 'Schedule', 'id');
  }

  /** Every schedule (an installation has a handful; the scheduler keeps them in memory). */
  all(): Promise<ScheduleEntity[]> {
    return this.orm.find();
  }

  /** Schedules written since `since`. */
  changedSince(since: Date): Promise<ScheduleEntity[]> {
    return this.orm.findBy({ updated_at: MoreThanOrEqual(since) });
  }
}
