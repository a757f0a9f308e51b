import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const PUBLIC_ROUTE = 'pfe:public-route';
export const QUERY_TOKEN_ROUTE = 'pfe:query-token-route';
/** Marks public operations in the OpenAPI document until `openapi.ts` turns it into "no security". */
export const PUBLIC_EXTENSION = 'x-public';

/**
 * Routes are private: with API_TOKEN set, every Nest handler needs the token unless it (or its
 * controller) is marked with this. The guard reads the mark on the handler that matched, so no
 * spelling of a URL decides it.
 */
export const Public = (): ClassDecorator & MethodDecorator => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true));

/** The handler also takes the token as `?access_token=` (browsers' EventSource cannot set headers). */
export const AcceptsQueryToken = (): MethodDecorator => SetMetadata(QUERY_TOKEN_ROUTE, true);
