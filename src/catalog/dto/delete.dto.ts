import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Deleting a record that flows use: refused (409 naming them) unless `detach` lets them go of it. */
export class DetachQuery {
  /** true: delete it even though flows use it; they lose it (a schedule: they run on demand only), and each says so in its notice. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  detach?: boolean;
}
