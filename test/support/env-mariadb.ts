import { uniqueMysqlUrl } from './test-database';

// Runs before the test file's modules load: entity column types follow DATABASE_URL.
process.env.DATABASE_URL = uniqueMysqlUrl();
