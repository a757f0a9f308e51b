import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Security headers on every answer. The console and Swagger UI load only their own scripts
 * ('self', no inline script); Swagger UI's page carries inline <style> blocks, hence
 * 'unsafe-inline' for styles only. Nothing may frame the engine's pages.
 */
export async function addSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // The engine is often reached over plain HTTP on a private network; HSTS belongs to the TLS proxy in front of it.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
