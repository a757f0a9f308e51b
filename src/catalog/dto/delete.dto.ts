import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { toBoolean } from '../../common/query-lists';

/** Deleting a record that flows use: refused (409 naming them) unless `detach` lets them go of it. */
export class DetachQuery {
  /** true: delete it even though flows use it; they lose it (a schedule: they run on demand only), and each says so in its notice. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  detach?: boolean;
}
