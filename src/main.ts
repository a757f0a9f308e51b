import 'reflect-metadata';
import { createApp } from './app.factory';
import { JsonLogger } from './common/json-logger';
import { ConfigValidationError, loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      new JsonLogger('error').error({ msg: 'engine not started: invalid configuration', problems: err.problems });
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  new JsonLogger(config.LOG_LEVEL).log({
    msg: 'engine listening',
    url: `http://${config.HOST}:${config.PORT}`,
    docs: `http://${config.HOST}:${config.PORT}/api/docs`,
    database: config.DATABASE_URL ? 'mysql' : `sqlite:${config.SQLITE_PATH}`,
  });
}

bootstrap().catch((err: unknown) => {
  new JsonLogger('error').error({ msg: 'engine failed to start', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
