import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeEventEntity } from './change-event.entity';
import { ChangeEventRepository } from './change-event.repository';
import { ChangeJournal } from './change-journal.service';
import { ChangeStream } from './change-stream.service';
import { EventsStreamController } from './events-stream.controller';

/** The live change stream: domain events journaled for every replica and sent to clients as SSE. */
@Module({
  imports: [TypeOrmModule.forFeature([ChangeEventEntity])],
  controllers: [EventsStreamController],
  providers: [ChangeEventRepository, ChangeJournal, ChangeStream],
})
export class LiveModule {}
