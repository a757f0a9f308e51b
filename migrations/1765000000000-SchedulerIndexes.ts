import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the scheduler's incremental reconcile: flows changed since its last pass
 * (updated_at) and flows whose next occurrence has passed unfired (next_execution_time).
 */
export class SchedulerIndexes1765000000000 implements MigrationInterface {
  name = 'SchedulerIndexes1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('protection_flows', new TableIndex({ name: 'idx_flows_updated_at', columnNames: ['updated_at'] }));
    await queryRunner.createIndex('protection_flows', new TableIndex({ name: 'idx_flows_next_execution_time', columnNames: ['next_execution_time'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('protection_flows', 'idx_flows_next_execution_time');
    await queryRunner.dropIndex('protection_flows', 'idx_flows_updated_at');
  }
}
