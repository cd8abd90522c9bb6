/**
 * Every answer of this server carries X-Request-Id (lib/request-id.ts says why it is made
 * here): the ID the gateway's access log records as the downstream header, and the one a
 * server component reads from the request's headers to pass on (backendHeaders).
 */
import { NextResponse, type NextRequest } from "next/server";

import { REQUEST_ID_HEADER, chooseRequestId, trustedProxies } from "@/lib/request-id";

// Read once: the server's environment does not change while it runs.
const TRUSTED = trustedProxies(process.env.TRUSTED_PROXIES);

export function proxy(request: NextRequest): NextResponse {
  const id = chooseRequestId(request.headers, TRUSTED);
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, id);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, id);
  return response;
}
