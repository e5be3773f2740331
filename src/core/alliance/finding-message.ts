/**
 * The words of a finding, as a catalogue key and its parameters: the engine never builds
 * sentences. The alert layer stores the key and parameters, and the reader's language is
 * chosen only when the message is shown (src/core/alerts/render-finding-message.ts, with the
 * catalogues in src/core/alerts/finding-messages/). Numbers are passed as numbers, already
 * rounded to what a therapist reads, so each language formats them its own way ("2.8" /
 * "2,8"). A parameter may itself be a message (the name of a scale, a clause) or a list of
 * them, one level deep.
 */
export const FINDING_MESSAGE_KEYS = [
  'scale.goal',
  'scale.task',
  'scale.bond',
  'scale.total',
  'list.separator',
  'list.last',
  'rupture.open',
  'rupture.unresolved',
  'rupture.repaired',
  'rupture.why.absoluteDrop',
  'rupture.why.own',
  'rupture.why.betweenClients',
  'selfReportedRupture.repaired',
  'selfReportedRupture.littleResolved',
  'selfReportedRupture.notSaidResolved',
  'disengagement.afterScoreDrop',
  'disengagement.afterTension',
  'disengagement.noShow',
  'disengagement.cancellation',
  'discrepancy.clientLowerGoals',
  'discrepancy.clientLowerTasks',
  'discrepancy.clientHigher',
  'discrepancy.resolved',
  'split.active',
  'split.resolved',
  'earlyCheckpoint.belowLevel',
  'earlyCheckpoint.falling',
  'earlyCheckpoint.belowLevelAndFalling',
  'riskItem.phq9Answer1',
  'riskItem.phq9Answer2',
  'riskItem.phq9Answer3',
  'riskItem.answered',
  'notOnTrack.active',
  'notOnTrack.resolved',
  'reliableChange.deteriorated',
  'reliableChange.recovered',
  'reliableChange.improved',
  'reliableChange.change',
  'storedText',
] as const;

export type FindingMessageKey = (typeof FINDING_MESSAGE_KEYS)[number];

/** Keys whose sentence agrees with a `count` parameter (catalogues hold `_one` / `_other`). */
export const PLURAL_FINDING_MESSAGE_KEYS: readonly FindingMessageKey[] = [
  'disengagement.afterScoreDrop',
  'disengagement.afterTension',
];

export type MessageValue = string | number;

export interface NestedMessage {
  key: FindingMessageKey;
  params?: Readonly<Record<string, MessageValue>>;
}

export interface FindingMessage {
  key: FindingMessageKey;
  params: Readonly<Record<string, MessageValue | NestedMessage | readonly NestedMessage[]>>;
}

/** A scale's name at the start of a sentence. */
export const scaleMessage = (scale: 'goal' | 'task' | 'bond' | 'total'): NestedMessage => ({
  key: `scale.${scale}`,
});

/** A message as the alert table stores it: the key, and the parameters as JSON text. */
export const parseStoredFindingMessage = (key: string, paramsJson: string): FindingMessage => ({
  key: key as FindingMessageKey,
  params: JSON.parse(paramsJson) as FindingMessage['params'],
});
