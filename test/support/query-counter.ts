import { DataSource } from 'typeorm';

/** Runs `work` and returns how many SQL statements the data source sent meanwhile. */
export async function countQueries(dataSource: DataSource, work: () => Promise<unknown>): Promise<{ count: number; queries: string[] }> {
  const queries: string[] = [];
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    queries.push(query);
    return original(query, parameters, runner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return { count: queries.length, queries };
}
