import { FindOperator, Like } from 'typeorm';

/** `name contains text`, with LIKE's wildcards in the text taken literally. */
export function containsText(text: string): FindOperator<string> {
  return Like(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
