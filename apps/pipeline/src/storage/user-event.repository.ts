import type { PrismaClient } from '../generated/prisma/client';
import type { RowStore, WriteOutcome } from '../sink/row-store';
import type { UserEventRow } from '../sink/user-event-row';

/** `staging.user_events`, one row per event_id: an event is a fact, so the first copy stays and later ones are duplicates. */
export class UserEventRepository implements RowStore<UserEventRow> {
  constructor(private readonly prisma: PrismaClient) {}

  async write(row: UserEventRow): Promise<WriteOutcome> {
    const { count } = await this.prisma.userEvent.createMany({
      data: [{ ...row, properties: row.properties ?? undefined }],
      skipDuplicates: true,
    });
    return count === 1 ? 'inserted' : 'duplicate';
  }
}
