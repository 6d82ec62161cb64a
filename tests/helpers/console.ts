// console.error fails a test unless the test said the error is expected.
export const allowedConsoleErrors: RegExp[] = [];

/** Lets the current test log errors matching `pattern` (e.g. a deliberately failing dependency). */
export function allowConsoleErrors(pattern: RegExp) {
  allowedConsoleErrors.push(pattern);
}
