import { HttpStatus, ParseIntPipe } from '@nestjs/common';
import { ApiError } from './api-error';

/** Integer ids in the path (repositories, policies): anything else is a 400 naming the value. */
export const idParam = new ParseIntPipe({
  exceptionFactory: () =>
    new ApiError(HttpStatus.BAD_REQUEST, 'The id in the path must be a whole number', [{ field: 'id', problems: ['must be a whole number'] }]),
});
