import { uniqueSqlitePath } from './test-database';

// Runs before the test file's modules load: no DATABASE_URL means the embedded SQLite driver.
delete process.env.DATABASE_URL;
process.env.SQLITE_PATH = uniqueSqlitePath();
