// Time is passed in so retention, sessions and throttling can be tested with a controllable clock.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
