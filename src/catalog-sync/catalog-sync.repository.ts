import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, LessThan, Repository } from 'typeorm';
import { CatalogSyncEntity } from './catalog-sync.entity';

const KEEP = 100;
const LOCK = 'protection_flow_engine_catalog_sync';

/** The record of catalog syncs, and the lock that makes replicas sync one at a time. */
@Injectable()
export class CatalogSyncRepository {
  constructor(
    @InjectRepository(CatalogSyncEntity) private readonly syncs: Repository<CatalogSyncEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Records a sync and forgets all but the latest 100. */
  async record(sync: Omit<CatalogSyncEntity, 'id'>): Promise<CatalogSyncEntity> {
    const saved = await this.syncs.save(this.syncs.create(sync));
    const [oldest] = await this.syncs.find({ select: { id: true }, order: { id: 'DESC' }, skip: KEEP - 1, take: 1 });
    if (oldest) await this.syncs.delete({ id: LessThan(oldest.id) });
    return saved;
  }

  latest(): Promise<CatalogSyncEntity | null> {
    return this.syncs.findOne({ where: {}, order: { id: 'DESC' } });
  }

  latestSucceeded(): Promise<CatalogSyncEntity | null> {
    return this.syncs.findOne({ where: { outcome: 'succeeded' }, order: { id: 'DESC' } });
  }

  /**
   * Runs `work` holding the sync lock (MySQL's GET_LOCK, waiting up to `waitSeconds`); null when
   * another replica holds it that long. SQLite serves one engine process: no lock.
   */
  async withLock<T>(waitSeconds: number, work: () => Promise<T>): Promise<T | null> {
    if (this.dataSource.options.type === 'better-sqlite3') return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [LOCK, waitSeconds])) as Array<{ acquired: number | string | null }>;
      if (Number(row?.acquired) !== 1) return null;
      try {
        return await work();
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
