import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { tableColumn, withPhysicalTypes } from '../src/database/dialect';

/**
 * Replicas share the schedule: scheduler_shares holds who schedules each share of the flows and
 * until when (epoch ms, so both dialects compare plain numbers); scheduler_replicas tells the live
 * replicas, so that each knows its fair part.
 */
export class SchedulerShares1765400000000 implements MigrationInterface {
  name = 'SchedulerShares1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      withPhysicalTypes(
        queryRunner,
        new Table({
          name: 'scheduler_shares',
          columns: [
            tableColumn('share', { type: 'int' }, { primary: true }),
            tableColumn('owner_id', { type: 'varchar', length: 64, nullable: true }),
            tableColumn('lease_until_ms', { type: 'bigint', nullable: true }),
          ],
        }),
      ),
    );
    await queryRunner.createTable(
      withPhysicalTypes(
        queryRunner,
        new Table({
          name: 'scheduler_replicas',
          columns: [tableColumn('owner_id', { type: 'varchar', length: 64 }, { primary: true }), tableColumn('alive_until_ms', { type: 'bigint' })],
        }),
      ),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('scheduler_replicas');
    await queryRunner.dropTable('scheduler_shares');
  }
}
