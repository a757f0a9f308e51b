import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { enumColumn, physicalColumn } from '../src/database/dialect';

const TYPES_BEFORE = ['scheduled', 'manual', 'api'];
const TYPES_AFTER = [...TYPES_BEFORE, 'retry'];

/**
 * The operator's console: a run can retry another run's failed VMs (`retry`, linked by
 * retry_of_execution_id); every flow's runs are listed newest first (created_at, id); a VM's last
 * successful backup is found from the jobs (status, VM, completion time).
 */
export class OperatorConsole1765300000000 implements MigrationInterface {
  name = 'OperatorConsole1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.changeTypes(queryRunner, TYPES_BEFORE, TYPES_AFTER);
    await queryRunner.addColumn(
      'protection_flow_executions',
      physicalColumn(queryRunner, 'retry_of_execution_id', { type: 'varchar', length: 64, nullable: true }),
    );
    await queryRunner.createIndex('protection_flow_executions', new TableIndex({ name: 'idx_executions_retry_of', columnNames: ['retry_of_execution_id'] }));
    await queryRunner.createIndex('protection_flow_executions', new TableIndex({ name: 'idx_executions_created', columnNames: ['created_at', 'id'] }));
    await queryRunner.createIndex(
      'protection_flow_execution_jobs',
      new TableIndex({ name: 'idx_execution_jobs_last_backup', columnNames: ['status', 'vm_context_id', 'completed_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('protection_flow_execution_jobs', 'idx_execution_jobs_last_backup');
    await queryRunner.dropIndex('protection_flow_executions', 'idx_executions_created');
    await queryRunner.dropIndex('protection_flow_executions', 'idx_executions_retry_of');
    await queryRunner.dropColumn('protection_flow_executions', 'retry_of_execution_id');
    await queryRunner.query("UPDATE protection_flow_executions SET execution_type = 'manual' WHERE execution_type = 'retry'");
    await this.changeTypes(queryRunner, TYPES_AFTER, TYPES_BEFORE);
  }

  private async changeTypes(queryRunner: QueryRunner, from: string[], to: string[]): Promise<void> {
    const column = (values: string[]): TableColumn => physicalColumn(queryRunner, 'execution_type', enumColumn(values));
    await queryRunner.changeColumn('protection_flow_executions', column(from), column(to));
  }
}
