import { ApiProperty } from '@nestjs/swagger';
import { RECORD_SOURCES, RecordSource } from '../record-source';

/** Where a VM context, group or repository comes from (CATALOG_SOURCE=appliance imports them). */
export class ImportedRecordFields {
  /** `appliance`: imported from the Sendense appliance, read-only here (change it there); `local`: made through this engine. */
  @ApiProperty({ enum: RECORD_SOURCES, enumName: 'RecordSource' })
  source!: RecordSource;
  /** Imported records: when a sync last found it on the appliance; null for local records. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_seen_at!: Date | null;
  /** Imported records the appliance no longer has, kept because flows or history refer to them: since when; else null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  missing_since!: Date | null;
}
