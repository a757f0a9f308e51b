import { Global, Module } from '@nestjs/common';
import { JsonLogger } from './json-logger';

/** JSON-line logs (infrastructure, like config and metrics): the app's logger and its access lines. */
@Global()
@Module({ providers: [JsonLogger], exports: [JsonLogger] })
export class LoggingModule {}
