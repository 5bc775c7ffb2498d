import type { Server } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { ShutdownState } from '@catalog/plugin';

/** How often keep-alive connections that finished their request are closed while stopping. */
const IDLE_SWEEP_MS = 100;

/**
 * The HTTP half of a graceful stop, before Nest closes anything:
 * 1. readiness answers 503 at once (ShutdownState);
 * 2. the server keeps accepting requests for `drainMs`, so load balancers see the 503 and stop
 *    routing here before connections are refused;
 * 3. it stops accepting connections and waits for in-flight requests to finish.
 * Only then may plugins, the store and the database close (Nest's own close runs module destroy
 * hooks before it closes the server, which would pull resources from under those requests).
 */
export async function drainHttp(
  app: INestApplication,
  reason: string,
  drainMs: number,
  logger: LoggerService,
): Promise<void> {
  app.get(ShutdownState).begin(reason);
  if (drainMs > 0) {
    logger.log({ msg: 'draining: readiness is 503, still serving', reason, drainMs }, 'shutdown');
    await new Promise((resolve) => setTimeout(resolve, drainMs));
  }
  const server = app.getHttpServer() as Server;
  if (!server.listening) return;
  logger.log({ msg: 'stopped accepting connections; finishing in-flight requests' }, 'shutdown');
  await new Promise<void>((resolve) => {
    // close() ends idle keep-alive connections once; a connection busy now becomes idle when its
    // response is sent, and would otherwise linger until the keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
  });
  logger.log({ msg: 'in-flight requests finished' }, 'shutdown');
}
