import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { booleanColumn, enumColumn, jsonColumn, tableColumn, timestampColumn, uuidKeyColumn, withPhysicalTypes } from '../src/database/dialect';

/** Webhook targets, and their deliveries (rows, so that retries survive a restart). */
export class Notifications1764900000000 implements MigrationInterface {
  name = 'Notifications1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const targets = new Table({
      name: 'notification_targets',
      columns: [
        tableColumn('id', uuidKeyColumn(), { primary: true }),
        tableColumn('url', { type: 'varchar', length: 2048 }),
        tableColumn('events', jsonColumn({ nullable: false })),
        tableColumn('secret', { type: 'varchar', length: 255 }),
        tableColumn('enabled', booleanColumn(true)),
        tableColumn('created_at', timestampColumn({ defaultNow: true })),
        tableColumn('updated_at', timestampColumn({ defaultNow: true })),
      ],
    });
    const deliveries = new Table({
      name: 'notification_deliveries',
      columns: [
        tableColumn('id', uuidKeyColumn(), { primary: true }),
        tableColumn('target_id', { type: 'varchar', length: 64 }),
        tableColumn('event', { type: 'varchar', length: 64 }),
        tableColumn('body', { type: 'text' }),
        tableColumn('status', enumColumn(['pending', 'delivered', 'failed'], { default: 'pending' })),
        tableColumn('attempts', { type: 'int', default: 0 }),
        tableColumn('next_attempt_at', timestampColumn()),
        tableColumn('locked_until', timestampColumn({ nullable: true })),
        tableColumn('expires_at', timestampColumn()),
        tableColumn('last_status', { type: 'int', nullable: true }),
        tableColumn('last_error', { type: 'text', nullable: true }),
        tableColumn('last_attempt_at', timestampColumn({ nullable: true })),
        tableColumn('delivered_at', timestampColumn({ nullable: true })),
        tableColumn('created_at', timestampColumn({ defaultNow: true })),
      ],
      indices: [
        new TableIndex({ name: 'idx_notification_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
        new TableIndex({ name: 'idx_notification_deliveries_target', columnNames: ['target_id', 'created_at'] }),
      ],
      foreignKeys: [
        new TableForeignKey({
          name: 'fk_notification_deliveries_target',
          columnNames: ['target_id'],
          referencedTableName: 'notification_targets',
          referencedColumnNames: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        }),
      ],
    });
    await queryRunner.createTable(withPhysicalTypes(queryRunner, targets));
    await queryRunner.createTable(withPhysicalTypes(queryRunner, deliveries));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_deliveries');
    await queryRunner.dropTable('notification_targets');
  }
}
