import { Injectable } from '@nestjs/common';
import { Semaphore } from '../common/semaphore';
import { AppConfig } from '../config/app-config';

/** ENGINE_MAX_CONCURRENT_JOBS: backup jobs in flight across every execution of this engine. */
@Injectable()
export class EngineSlots extends Semaphore {
  constructor(config: AppConfig) {
    super(config.ENGINE_MAX_CONCURRENT_JOBS);
  }
}
