import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TimestampedEntity } from '../database/base.entity';
import { booleanColumn, enumColumn, jsonColumn, timestampColumn } from '../database/dialect';
import { RECORD_SOURCES, RecordSource } from './record-source';

export const REPOSITORY_TYPES = ['local', 'nfs', 'cifs', 'smb', 's3', 'azure'] as const;
export type RepositoryType = (typeof REPOSITORY_TYPES)[number];

@Entity('backup_repositories')
@Index('uq_backup_repositories_name', ['name'], { unique: true })
@Index('uq_backup_repositories_external_id', ['external_id'], { unique: true })
export class BackupRepositoryEntity extends TimestampedEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** The API calls it `type`, as the backup system does; the column keeps its first name. */
  @Column({ ...enumColumn(REPOSITORY_TYPES), name: 'repository_type' })
  type!: RepositoryType;

  @Column(booleanColumn(true))
  enabled!: boolean;

  @Column(jsonColumn())
  config!: Record<string, unknown> | null;

  @Column(booleanColumn(false))
  is_immutable!: boolean;

  @Column({ type: 'int', default: 0 })
  min_retention_days!: number;

  /** The backup system's own id for this repository (e.g. repo-nfs-1728…); needed with BACKUP_API_KIND=sha. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  external_id!: string | null;

  /** `appliance`: imported from the Sendense appliance's catalog (read-only here); `local`: made through this engine. */
  @Column(enumColumn(RECORD_SOURCES, { default: 'local' }))
  source!: RecordSource;

  /** Imported records: when a sync last found (or changed) it on the appliance; null for local records. */
  @Column(timestampColumn({ nullable: true }))
  last_seen_at!: Date | null;

  /** Imported records the appliance no longer has, kept because flows or history refer to them: since when. */
  @Column(timestampColumn({ nullable: true }))
  missing_since!: Date | null;
}
