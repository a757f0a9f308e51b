import 'reflect-metadata';
import { createApp } from './app.factory';
import { bootLogger } from './logging/log-format';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { describeError } from './common/describe-error';

const STOP_WITHIN_MS = 10_000;

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      bootLogger('error').error({ problems: err.problems }, 'engine not started: invalid configuration');
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  // On SIGTERM the app stops firing and dispatching, writes what it holds and hands its runs over
  // (shutdown hooks); whatever is still pending then does not hold the process past this.
  process.once('SIGTERM', () => setTimeout(() => process.exit(0), STOP_WITHIN_MS - 500).unref());
  await app.listen(config.PORT, config.HOST);
  bootLogger(config.LOG_LEVEL).info(
    {
      url: `http://${config.HOST}:${config.PORT}`,
      console: `http://${config.HOST}:${config.PORT}/`,
      docs: `http://${config.HOST}:${config.PORT}/api/docs`,
      database: config.DATABASE_URL ? 'mysql' : `sqlite:${config.SQLITE_PATH}`,
    },
    'engine listening',
  );
}

bootstrap().catch((err: unknown) => {
  bootLogger('error').error({ error: describeError(err) }, 'engine failed to start');
  process.exit(1);
});
