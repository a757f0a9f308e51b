import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DatabaseSchema, resolveDataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migration-runner';
import { RawSql } from './raw-sql';
import { Transactions } from './transactions';

/** Opens the database with the given schema and brings it up to date before anything else uses it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(schema: DatabaseSchema): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => resolveDataSourceOptions(config, schema),
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
    };
  }
}
