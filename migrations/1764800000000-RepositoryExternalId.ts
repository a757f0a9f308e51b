import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { physicalColumn } from '../src/database/dialect';

/** A repository's id in the backup system (SHA names repositories `repo-…`), unique when set. */
export class RepositoryExternalId1764800000000 implements MigrationInterface {
  name = 'RepositoryExternalId1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('backup_repositories', physicalColumn(queryRunner, 'external_id', { type: 'varchar', length: 255, nullable: true }));
    await queryRunner.createIndex(
      'backup_repositories',
      new TableIndex({ name: 'uq_backup_repositories_external_id', columnNames: ['external_id'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('backup_repositories', 'uq_backup_repositories_external_id');
    await queryRunner.dropColumn('backup_repositories', 'external_id');
  }
}
