import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { APP_SCHEMA } from './app.schema';
import { loadConfig } from './config/app-config';
import { resolveDataSourceOptions } from './database/data-source-options';
import { runMigrationsLocked } from './database/migration-runner';
import { describeError } from './common/describe-error';

/** `migrate run` applies pending migrations (under the lock); `migrate revert` undoes the last one. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert') {
    throw new Error('usage: migrate run|revert');
  }
  const config = loadConfig(process.env);
  const dataSource = await new DataSource(await resolveDataSourceOptions(config, APP_SCHEMA)).initialize();
  try {
    if (command === 'run') {
      const applied = await runMigrationsLocked(dataSource);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`${describeError(err)}\n`);
  process.exit(1);
});
