import http from 'node:http';
import https from 'node:https';

/*
 * The transport is node:http(s), not undici: an action step pays for every module it loads, and importing
 * undici costs ~36 ms per process (global fetch ~10 ms, node:https ~4 ms, measured on Node 20). A report
 * step makes two or three small calls, where load time is most of the cost.
 */

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** Sends one request and reads the whole answer as text. Network failures reject with the system's error. */
export function sendRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs = 30_000,
): Promise<HttpResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method,
        agent: agents[target.protocol as keyof typeof agents],
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // Port's answers are small; a peer that streams without end must not take the memory with it.
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`the answer exceeded ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // `timeout` only notices a silent socket; this also stops a peer that trickles bytes past the deadline.
    const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.end(body);
  });
}
