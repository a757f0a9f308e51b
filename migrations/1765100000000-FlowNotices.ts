import { MigrationInterface, QueryRunner } from 'typeorm';
import { physicalColumn, timestampColumn } from '../src/database/dialect';

/** A flow's notice: what happened to it that its operator should know (its schedule or policy was deleted). */
export class FlowNotices1765100000000 implements MigrationInterface {
  name = 'FlowNotices1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('protection_flows', physicalColumn(queryRunner, 'notice', { type: 'text', nullable: true }));
    await queryRunner.addColumn('protection_flows', physicalColumn(queryRunner, 'notice_at', timestampColumn({ nullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('protection_flows', 'notice_at');
    await queryRunner.dropColumn('protection_flows', 'notice');
  }
}
