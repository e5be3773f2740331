import type { Executor } from '../db/database.ts';
import { listAnsweredInstruments } from './questionnaire-response.repository.ts';
import { setRequestStatus } from './questionnaire-request.repository.ts';
import {
  deleteStudyRequestItem,
  listOpenStudyItems,
  setOpenRequestInstruments,
} from './study-measures.repository.ts';

/**
 * A withdrawal takes effect at once (issue 16): the participant's study forms not yet
 * answered come off their open requests, and their study items for them go (nothing was
 * collected). A form the clinic's plan or another study also asked stays on the request.
 * A request left with nothing to answer is completed when something on it was answered,
 * and revoked (its link stops working) when nothing was. Call in the withdrawal's
 * transaction. Returns how many forms came off.
 */
export async function withdrawStudyFormsFromOpenRequests(
  trx: Executor,
  organizationId: string,
  participantId: string,
  now: Date,
): Promise<number> {
  const items = await listOpenStudyItems(trx, organizationId, participantId);
  const removable = items.filter((i) => !i.alsoClinical && !i.sharedWithOtherStudy && !i.answered);
  const byRequest = new Map<string, { instruments: string[]; remove: Set<string> }>();
  for (const item of removable) {
    const entry = byRequest.get(item.requestId) ?? {
      instruments: item.instruments,
      remove: new Set<string>(),
    };
    entry.remove.add(item.instrumentId);
    byRequest.set(item.requestId, entry);
  }
  const at = now.toISOString();
  let removed = 0;
  for (const [requestId, { instruments, remove }] of byRequest) {
    const left = instruments.filter((id) => !remove.has(id));
    await setOpenRequestInstruments(trx, organizationId, requestId, left);
    for (const instrumentId of remove)
      await deleteStudyRequestItem(trx, organizationId, participantId, requestId, instrumentId);
    removed += remove.size;
    const answered = await listAnsweredInstruments(trx, organizationId, requestId);
    if (left.length > 0 && left.every((id) => answered.includes(id)))
      await setRequestStatus(trx, organizationId, requestId, 'completed', at);
    else if (left.length === 0)
      await setRequestStatus(trx, organizationId, requestId, 'revoked', at);
  }
  return removed;
}
