/**
 * What a repository says went wrong with a record — in the data's terms, not HTTP's. The API's
 * exception filter turns these into 404 and 409 answers; other callers may handle them as they wish.
 */
export class RecordNotFoundError extends Error {
  constructor(
    readonly noun: string,
    readonly key: string | number,
  ) {
    super(`${noun} ${key} not found`);
    this.name = 'RecordNotFoundError';
  }
}

/** A unique key refused the write; `field` is the field a form should show the sentence beside. */
export class DuplicateRecordError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'DuplicateRecordError';
  }
}

/** The record is still referenced by others and cannot go. */
export class RecordInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordInUseError';
  }
}
