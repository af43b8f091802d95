/** A fetch that answers from a handler and records every request it saw. */
export interface RecordingFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  requests: Request[];
}

export function recordingFetch(
  handler: (request: Request, index: number) => Response | Promise<Response>,
): RecordingFetch {
  const requests: Request[] = [];
  const fake = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    requests.push(request);
    return handler(request, requests.length - 1);
  }) as RecordingFetch;
  fake.requests = requests;
  return fake;
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
