import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { bigAutoIncrementType, enumColumn, jsonColumn, physicalColumn, tableColumn, timestampColumn, withPhysicalTypes } from '../src/database/dialect';

const IMPORTABLE = ['vm_contexts', 'protection_groups', 'backup_repositories'];

/**
 * Appliance mode: VM contexts, groups and repositories may be imported from the appliance
 * (`source`, when last seen, since when missing), and each sync is recorded.
 */
export class CatalogSync1765200000000 implements MigrationInterface {
  name = 'CatalogSync1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of IMPORTABLE) {
      await queryRunner.addColumn(table, physicalColumn(queryRunner, 'source', enumColumn(['local', 'appliance'], { default: 'local' })));
      await queryRunner.addColumn(table, physicalColumn(queryRunner, 'last_seen_at', timestampColumn({ nullable: true })));
      await queryRunner.addColumn(table, physicalColumn(queryRunner, 'missing_since', timestampColumn({ nullable: true })));
    }
    const syncs = new Table({
      name: 'catalog_syncs',
      columns: [
        tableColumn('id', { type: bigAutoIncrementType() }, { primary: true, generated: true }),
        tableColumn('trigger', enumColumn(['start', 'interval', 'api'])),
        tableColumn('started_at', timestampColumn()),
        tableColumn('finished_at', timestampColumn()),
        tableColumn('outcome', enumColumn(['succeeded', 'failed'])),
        tableColumn('error', { type: 'text', nullable: true }),
        tableColumn('counts', jsonColumn()),
      ],
      indices: [new TableIndex({ name: 'idx_catalog_syncs_started', columnNames: ['started_at'] })],
    });
    await queryRunner.createTable(withPhysicalTypes(queryRunner, syncs));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('catalog_syncs');
    for (const table of IMPORTABLE) {
      await queryRunner.dropColumn(table, 'missing_since');
      await queryRunner.dropColumn(table, 'last_seen_at');
      await queryRunner.dropColumn(table, 'source');
    }
  }
}
