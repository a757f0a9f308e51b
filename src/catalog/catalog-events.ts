import { Injectable } from '@nestjs/common';

export type CatalogRecordKind = 'vm' | 'group' | 'schedule';

type DeletionGuard = (kind: CatalogRecordKind, id: string) => Promise<void>;
type ScheduleListener = (scheduleId: string) => Promise<void>;

/**
 * Lets modules that build on the catalog react to its changes without the catalog knowing them:
 * a deletion guard may refuse a delete (by throwing), a schedule listener learns of every schedule
 * change before the API answers.
 */
@Injectable()
export class CatalogEvents {
  private readonly deletionGuards: DeletionGuard[] = [];
  private readonly scheduleListeners: ScheduleListener[] = [];

  guardDeletion(guard: DeletionGuard): void {
    this.deletionGuards.push(guard);
  }

  onScheduleChanged(listener: ScheduleListener): void {
    this.scheduleListeners.push(listener);
  }

  async beforeDelete(kind: CatalogRecordKind, id: string): Promise<void> {
    for (const guard of this.deletionGuards) await guard(kind, id);
  }

  async scheduleChanged(scheduleId: string): Promise<void> {
    for (const listener of this.scheduleListeners) await listener(scheduleId);
  }
}
