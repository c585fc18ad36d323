// The time every handler uses. On AWS it is the system clock; the local runtime replaces `now`
// with its movable clock (same process), so a twelve-month case can run in seconds.
export const clock: { now: () => Date } = {
  now: () => new Date(),
};
