// Who made a change in the admin, as the timeline records it: the staff member's user id from
// the session token (the app keeps no staff names: offline access tokens carry none).
export function adminActor(context: object): string | null {
  const token = (context as { sessionToken?: { sub?: unknown } }).sessionToken;
  return typeof token?.sub === "string" && token.sub ? `Staff member ${token.sub}` : null;
}
