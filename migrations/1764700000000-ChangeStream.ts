import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { bigAutoIncrementType, jsonColumn, tableColumn, timestampColumn, withPhysicalTypes } from '../src/database/dialect';

/**
 * The change stream's journal (change_events: what changed, from every replica, kept 10 minutes),
 * and an index for a VM's job history (the VM detail's latest jobs).
 */
export class ChangeStream1764700000000 implements MigrationInterface {
  name = 'ChangeStream1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = new Table({
      name: 'change_events',
      columns: [
        tableColumn('id', { type: bigAutoIncrementType() }, { primary: true, generated: true }),
        tableColumn('at', timestampColumn({ defaultNow: true })),
        tableColumn('type', { type: 'varchar', length: 64 }),
        tableColumn('payload', jsonColumn()),
      ],
      indices: [new TableIndex({ name: 'idx_change_events_at', columnNames: ['at'] })],
    });
    await queryRunner.createTable(withPhysicalTypes(queryRunner, table));
    await queryRunner.createIndex(
      'protection_flow_execution_jobs',
      new TableIndex({ name: 'idx_execution_jobs_vm_queued', columnNames: ['vm_context_id', 'queued_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('protection_flow_execution_jobs', 'idx_execution_jobs_vm_queued');
    await queryRunner.dropTable('change_events');
  }
}
