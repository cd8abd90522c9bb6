// Liveness/readiness endpoint for the kubelet probes. It only proves that the
// Next.js server answers; it deliberately does not call the backend, so a
// backend outage does not restart or unroute the frontend.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store, max-age=0" } });
}
