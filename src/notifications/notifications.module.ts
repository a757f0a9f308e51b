import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlowsModule } from '../flows/flows.module';
import { NotificationDeliveryEntity, NotificationTargetEntity } from './notification.entities';
import { NotificationPublisher } from './notification-publisher.service';
import { NotificationRepository, NotificationTargetRepository } from './notification.repository';
import { NotificationSender } from './notification-sender.service';
import { NotificationTargetsController } from './notification-targets.controller';
import { NotificationTargetsService } from './notification-targets.service';
import { WebhookPoster } from './webhook-poster';
import { EgressPolicy } from '../security/egress-policy';

/** Webhooks for failed, warning and recovered runs and missed occurrences: signed, retried for 24 h, listed. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationTargetEntity, NotificationDeliveryEntity]), FlowsModule],
  controllers: [NotificationTargetsController],
  providers: [
    NotificationRepository,
    NotificationTargetRepository,
    NotificationTargetsService,
    NotificationPublisher,
    NotificationSender,
    WebhookPoster,
    EgressPolicy,
  ],
})
export class NotificationsModule {}
