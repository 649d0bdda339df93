/**
 * Anonymous GET of an object through its public URL, as a phone displaying an avatar does. It
 * bypasses the SDK (no signature at all) and, for emulators, sends the real bucket Host header to
 * the configured endpoint.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { networkFailure, type CloudResult } from './result.js';

/** Where and what to fetch. */
export interface AnonymousGetInput {
  /** `{bucket}.cos.{region}.myqcloud.com` */
  host: string;
  key: string;
  /** host:port of an emulator: plain http there with the real Host header. */
  endpoint?: string;
  timeoutMs: number;
  method?: 'GET' | 'HEAD';
}

/** The answer: every HTTP status counts as a fetched answer; `code` is the COS error code, if one came. */
export interface AnonymousGetData {
  status: number;
  code?: string;
  body: Buffer;
  url: string;
}

function encodeKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export function anonymousGet(input: AnonymousGetInput): Promise<CloudResult<AnonymousGetData>> {
  const path = `/${encodeKey(input.key.replace(/^\/+/, ''))}`;
  const url = `https://${input.host}${path}`;
  return new Promise((resolve) => {
    const [connectHost, portText] = input.endpoint ? input.endpoint.split(':') : [input.host, undefined];
    const send = input.endpoint ? httpRequest : httpsRequest;
    const req = send(
      {
        host: connectHost,
        port: portText ? Number(portText) : undefined,
        path,
        method: input.method ?? 'GET',
        headers: { Host: input.host, 'User-Agent': 'minilvb-doctor' },
        timeout: input.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 1_000_000) chunks.push(c);
        });
        res.on('error', (err) => resolve(networkFailure(err, `GET ${url}`)));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const code = /<Code>([^<]+)<\/Code>/.exec(body.toString('utf8'))?.[1];
          const requestId = res.headers['x-cos-request-id'];
          const date = res.headers.date;
          resolve({
            ok: true,
            status: res.statusCode ?? 0,
            body,
            url,
            ...(code ? { code } : {}),
            ...(typeof requestId === 'string' ? { requestId } : {}),
            ...(date ? { serverDate: date } : {}),
          });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`no answer within ${input.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', (err) => resolve(networkFailure(err, `GET ${url}`)));
    req.end();
  });
}
