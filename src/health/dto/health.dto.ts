import { ApiProperty } from '@nestjs/swagger';

export class HealthReport {
  @ApiProperty({ enum: ['ok', 'error'], enumName: 'HealthStatus' })
  status!: 'ok' | 'error';

  @ApiProperty({ enum: ['up', 'down'], enumName: 'ComponentState' })
  database!: 'up' | 'down';

  /** mysql, mariadb or better-sqlite3. */
  database_type!: string;

  /** Why the database is considered down, when it is. */
  error?: string;
}
