import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import {
  CreateNotificationTargetDto,
  ListDeliveriesQuery,
  ListNotificationTargetsQuery,
  NotificationDeliveryListResponse,
  NotificationTargetListResponse,
  NotificationTargetResponse,
  UpdateNotificationTargetDto,
} from './dto/notification.dto';
import { NotificationTargetsService } from './notification-targets.service';

@ApiTags('notifications')
@Controller('notification-targets')
export class NotificationTargetsController {
  constructor(private readonly targets: NotificationTargetsService) {}

  /** A webhook for execution.failed, execution.warning, execution.recovered and/or occurrence.missed; the answer carries the signing secret, once. */
  @Post()
  @ApiErrors(400)
  createNotificationTarget(@Body() dto: CreateNotificationTargetDto): Promise<NotificationTargetResponse> {
    return this.targets.create(dto);
  }

  @Get()
  @ApiErrors(400)
  async listNotificationTargets(@Query() query: ListNotificationTargetsQuery): Promise<NotificationTargetListResponse> {
    const { items, total } = await this.targets.list(pageOf(query));
    return { notification_targets: items, total };
  }

  @Get(':id')
  @ApiErrors(404)
  getNotificationTarget(@Param('id') id: string): Promise<NotificationTargetResponse> {
    return this.targets.get(id);
  }

  @Put(':id')
  @ApiErrors(400, 404)
  updateNotificationTarget(@Param('id') id: string, @Body() dto: UpdateNotificationTargetDto): Promise<NotificationTargetResponse> {
    return this.targets.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(404)
  deleteNotificationTarget(@Param('id') id: string): Promise<void> {
    return this.targets.delete(id);
  }

  /** Every delivery to the target, newest first: status, attempts, last answer. */
  @Get(':id/deliveries')
  @ApiErrors(400, 404)
  async listNotificationDeliveries(@Param('id') id: string, @Query() query: ListDeliveriesQuery): Promise<NotificationDeliveryListResponse> {
    const { items, total } = await this.targets.deliveries(id, query.status, pageOf(query));
    return { deliveries: items, total };
  }
}
