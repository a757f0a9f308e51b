import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { enumColumn, jsonColumn, physicalColumn } from '../src/database/dialect';

const STATUSES_BEFORE = ['success', 'warning', 'error', 'running', 'pending'];
const STATUSES_AFTER = [...STATUSES_BEFORE, 'cancelled'];

/**
 * A cancelled run shows as `cancelled` in its flow's last_execution_status (it showed as a warning),
 * and a job keeps the backup ids of its earlier attempts, so an execution's created_job_ids holds
 * every backup it ever started, retries included.
 */
export class RunSemantics1764600000000 implements MigrationInterface {
  name = 'RunSemantics1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.changeStatuses(queryRunner, STATUSES_BEFORE, STATUSES_AFTER);
    await queryRunner.addColumn('protection_flow_execution_jobs', physicalColumn(queryRunner, 'previous_backup_ids', jsonColumn()));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('protection_flow_execution_jobs', 'previous_backup_ids');
    await queryRunner.query("UPDATE protection_flows SET last_execution_status = 'warning' WHERE last_execution_status = 'cancelled'");
    await this.changeStatuses(queryRunner, STATUSES_AFTER, STATUSES_BEFORE);
  }

  private async changeStatuses(queryRunner: QueryRunner, from: string[], to: string[]): Promise<void> {
    const column = (values: string[]): TableColumn => physicalColumn(queryRunner, 'last_execution_status', enumColumn(values, { default: 'pending' }));
    await queryRunner.changeColumn('protection_flows', column(from), column(to));
  }
}
