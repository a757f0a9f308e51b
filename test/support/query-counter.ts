import { DataSource } from 'typeorm';

/** Statements the engine's background work sends (change journal, leases, schedule shares, polling), not a request's own. */
const BACKGROUND = /change_events|lease_expires_at|pending|scheduler_shares|scheduler_replicas|START TRANSACTION|COMMIT|BEGIN/i;

/** Runs `work` and returns how many SQL statements the data source sent meanwhile (background work left out). */
export async function countQueries(dataSource: DataSource, work: () => Promise<unknown>): Promise<{ count: number; queries: string[] }> {
  const queries: string[] = [];
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    if (!BACKGROUND.test(query)) queries.push(query);
    return original(query, parameters, runner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return { count: queries.length, queries };
}
