import { isDatabaseReachable } from "~/services/health.server";

// Load balancers and `npm run demo` poll this: 200 only when the database answers.
export async function loader() {
  const ok = await isDatabaseReachable();
  return Response.json(
    { status: ok ? "ok" : "unavailable", database: ok ? "reachable" : "unreachable" },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
