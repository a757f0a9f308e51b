import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { DELIVERY_STATUSES, DeliveryStatus, NOTIFICATION_EVENTS, NotificationEvent } from '../notification.entities';

export class CreateNotificationTargetDto {
  /** Where deliveries are POSTed (http or https). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  url!: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, enumName: 'NotificationEvent', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(NOTIFICATION_EVENTS, { each: true })
  events!: NotificationEvent[];

  /** Signs each delivery (HMAC-SHA256); generated when omitted and shown once, in the create response. */
  @IsOptional()
  @IsString()
  @Length(16, 255)
  secret?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateNotificationTargetDto extends PartialType(CreateNotificationTargetDto) {}

export class NotificationTargetResponse {
  id!: string;
  url!: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS, enumName: 'NotificationEvent', isArray: true })
  events!: NotificationEvent[];
  enabled!: boolean;
  created_at!: Date;
  updated_at!: Date;
  /** Only in the response to the create: keep it to check signatures; it is not shown again. */
  @ApiPropertyOptional()
  secret?: string;
}

export class NotificationTargetListResponse {
  notification_targets!: NotificationTargetResponse[];
  total!: number;
}

export class ListDeliveriesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class NotificationDeliveryResponse {
  id!: string;
  target_id!: string;
  event!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' })
  status!: DeliveryStatus;
  attempts!: number;
  next_attempt_at!: Date;
  expires_at!: Date;
  @ApiProperty({ type: Number, nullable: true })
  last_status!: number | null;
  @ApiProperty({ type: String, nullable: true })
  last_error!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_attempt_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  delivered_at!: Date | null;
  created_at!: Date;
  /** The JSON body that was (or will be) sent. */
  @ApiProperty({ type: 'object', additionalProperties: {} })
  body!: Record<string, unknown>;
}

export class NotificationDeliveryListResponse {
  deliveries!: NotificationDeliveryResponse[];
  total!: number;
}

export class ListNotificationTargetsQuery extends PaginationQuery {}
