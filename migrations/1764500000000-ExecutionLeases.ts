import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { physicalColumn, timestampColumn } from '../src/database/dialect';

/**
 * Executions get an owner and a lease so that exactly one engine replica drives each running
 * execution, and another takes over when the owner dies. Jobs remember their repository so the
 * engine's own history can tell whether a full backup already exists, and their dispatch order (group
 * member priority, then name) so a resumed run keeps it.
 */
export class ExecutionLeases1764500000000 implements MigrationInterface {
  name = 'ExecutionLeases1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('protection_flow_executions', [
      physicalColumn(queryRunner, 'owner_id', { type: 'varchar', length: 64, nullable: true }),
      physicalColumn(queryRunner, 'lease_expires_at', timestampColumn({ nullable: true })),
    ]);
    await queryRunner.createIndex(
      'protection_flow_executions',
      new TableIndex({ name: 'idx_executions_status_lease', columnNames: ['status', 'lease_expires_at'] }),
    );
    await queryRunner.addColumns('protection_flow_execution_jobs', [
      physicalColumn(queryRunner, 'repository_id', { type: 'int', nullable: true }),
      physicalColumn(queryRunner, 'dispatch_order', { type: 'int', default: 0 }),
    ]);
    await queryRunner.createIndex(
      'protection_flow_execution_jobs',
      new TableIndex({ name: 'idx_execution_jobs_history', columnNames: ['repository_id', 'vm_context_id', 'backup_type', 'status'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('protection_flow_execution_jobs', 'idx_execution_jobs_history');
    await queryRunner.dropColumns('protection_flow_execution_jobs', ['repository_id', 'dispatch_order']);
    await queryRunner.dropIndex('protection_flow_executions', 'idx_executions_status_lease');
    await queryRunner.dropColumns('protection_flow_executions', ['owner_id', 'lease_expires_at']);
  }
}
