import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DeletionChecks } from './deletion-checks';
import { DomainEvents } from './domain-events';

/** Infrastructure for the typed domain events and deletion checks (like configuration and the database, available everywhere). */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }), DiscoveryModule],
  providers: [DomainEvents, DeletionChecks],
  exports: [DomainEvents, DeletionChecks],
})
export class EventsModule {}
