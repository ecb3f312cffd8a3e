import type { FastifyInstance } from 'fastify';
import { GovernanceErrors } from '../errors/governance.errors';
import { PROMOTION_ID } from '../governance/promotion';

/** Names the promotion a write belongs to; every audit row the request writes carries it. */
export const PROMOTION_HEADER = 'x-charter-promotion';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's `X-Charter-Promotion` (lower case), when it sent one. */
    promotionId?: string;
  }
}

/**
 * Reads `X-Charter-Promotion` on every request, before authentication (so a refused write is audited with it too):
 * a UUID, kept in lower case; anything else (repeated, empty, not a UUID) is a 400 before the route runs.
 */
export function configurePromotionHeader(fastify: FastifyInstance): void {
  fastify.decorateRequest('promotionId', undefined);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const value = request.headers[PROMOTION_HEADER];
    if (value === undefined) return done();
    if (typeof value !== 'string') return done(GovernanceErrors.invalidPromotionHeader('sent more than once'));
    const id = value.trim();
    if (!PROMOTION_ID.test(id)) return done(GovernanceErrors.invalidPromotionHeader('must be a promotion id (a UUID)'));
    request.promotionId = id.toLowerCase();
    done();
  });
}
