import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ExecutionCounts, FlowRunStats } from '../flows/flow-run-stats.port';
import { FlowExecutionEntity } from './flow-execution.entity';

/** Counts for the flows summary, in one query. */
@Injectable()
export class ExecutionStatsReader extends FlowRunStats {
  constructor(@InjectRepository(FlowExecutionEntity) private readonly executions: Repository<FlowExecutionEntity>) {
    super();
  }

  async countExecutions(since: Date): Promise<ExecutionCounts> {
    const row = await this.executions
      .createQueryBuilder('e')
      .select("SUM(CASE WHEN e.status = 'running' THEN 1 ELSE 0 END)", 'running')
      .addSelect('SUM(CASE WHEN e.created_at >= :since THEN 1 ELSE 0 END)', 'total_today')
      .addSelect("SUM(CASE WHEN e.created_at >= :since AND e.status = 'success' THEN 1 ELSE 0 END)", 'successful_today')
      .addSelect("SUM(CASE WHEN e.created_at >= :since AND e.status = 'error' THEN 1 ELSE 0 END)", 'failed_today')
      .setParameter('since', since)
      .getRawOne<Record<keyof ExecutionCounts, string | number | null>>();
    return {
      running: Number(row?.running ?? 0),
      total_today: Number(row?.total_today ?? 0),
      successful_today: Number(row?.successful_today ?? 0),
      failed_today: Number(row?.failed_today ?? 0),
    };
  }
}
