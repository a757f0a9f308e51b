import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { resolveDataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migration-runner';
import { RawSql } from './raw-sql';
import { Transactions } from './transactions';

/** Opens the database and brings its schema up to date before anything else uses it. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => resolveDataSourceOptions(config),
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('database options missing');
        const dataSource = await new DataSource(options).initialize();
        await runMigrationsLocked(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions, RawSql],
  exports: [Transactions, RawSql],
})
export class DatabaseModule {}
