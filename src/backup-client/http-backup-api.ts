import { BackupApi, BackupApiError, BackupListFilter, BackupOperation, BackupRecord, StartBackupRequest } from './backup-api.port';

export interface HttpBackupApiOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  /** Tries per call, the first included. */
  attempts?: number;
  /** First backoff; doubles each retry, with up to 50% jitter. */
  backoffMs?: number;
}

interface Answer {
  status: number;
  body: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Speaks the backup API of docs/backup-api.md over HTTP: a timeout on every call, retries only where another try can help. */
export class HttpBackupApi extends BackupApi {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: HttpBackupApiOptions) {
    super();
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.backoffMs = options.backoffMs ?? 200;
  }

  async start(request: StartBackupRequest, idempotencyKey: string): Promise<BackupRecord> {
    const { vm_context_id: _contextId, ...body } = request;
    const answer = await this.call('start', 'POST', '/api/v1/backups', body, { 'Idempotency-Key': idempotencyKey });
    if (answer.status < 200 || answer.status > 202) throw this.failure('start', answer);
    return answer.body as BackupRecord;
  }

  async get(backupId: string): Promise<BackupRecord | null> {
    const answer = await this.call('get', 'GET', `/api/v1/backups/${encodeURIComponent(backupId)}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw this.failure('get', answer);
    return answer.body as BackupRecord;
  }

  async list(filter: BackupListFilter): Promise<BackupRecord[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    const answer = await this.call('list', 'GET', `/api/v1/backups?${query.toString()}`);
    if (answer.status !== 200) throw this.failure('list', answer);
    return (answer.body as { backups: BackupRecord[] }).backups;
  }

  /** One GET of a backup id nobody has: a 404 proves the API answers, cheaply. */
  async probe(timeoutMs: number): Promise<void> {
    let answer: Answer;
    try {
      answer = await this.send('GET', '/api/v1/backups/engine-connection-probe', undefined, {}, timeoutMs);
    } catch (err) {
      throw new BackupApiError('probe', `no answer from ${this.baseUrl} within ${timeoutMs} ms: ${describe(err)}`, undefined, true);
    }
    if (answer.status >= 500 || answer.status === 401 || answer.status === 403) throw this.failure('probe', answer);
  }

  /** One call with retries for network errors, 429 and 5xx; other answers are returned as they are. */
  private async call(operation: BackupOperation, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    let lastError: BackupApiError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await sleep(this.backoffMs * 2 ** (attempt - 2) * (1 + Math.random() * 0.5));
      try {
        const answer = await this.send(method, path, body, headers);
        if (answer.status !== 429 && answer.status < 500) return answer;
        lastError = this.failure(operation, answer);
      } catch (err) {
        lastError = new BackupApiError(operation, `backup API ${operation} call got no answer: ${describe(err)}`, undefined, true);
      }
    }
    throw lastError ?? new BackupApiError(operation, `backup API ${operation} call failed`, undefined, true);
  }

  private async send(method: string, path: string, body: unknown, headers: Record<string, string>, timeoutMs = this.timeoutMs): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // keep the raw text for the error message
    }
    return { status: response.status, body: parsed };
  }

  private failure(operation: BackupOperation, answer: Answer): BackupApiError {
    const reason =
      typeof answer.body === 'object' && answer.body !== null && 'error' in answer.body ? String(answer.body.error) : String(answer.body).slice(0, 200);
    const retryable = answer.status === 429 || answer.status >= 500;
    return new BackupApiError(operation, `backup API ${operation} call answered ${answer.status}: ${reason}`, answer.status, retryable);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
