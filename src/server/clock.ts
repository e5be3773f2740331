/** Time is passed in, never read implicitly, so tests and the demo can fix it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const isoNow = (clock: Clock): string => clock().toISOString();
