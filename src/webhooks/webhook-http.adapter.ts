import { Injectable } from '@nestjs/common';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CheckedAddress, pinnedLookupOf } from './destination';

export interface PostAnswer {
  status: number;
  /** The start of the answer's body, decoded as UTF-8. */
  excerpt: string;
}

/**
 * POSTs webhook bodies over node:http(s). Redirects are never followed (a 3xx is just an answer);
 * the connection goes to the given, checked addresses only; TLS still verifies the URL's host name.
 */
@Injectable()
export class WebhookHttpAdapter {
  post(
    url: string,
    addresses: readonly CheckedAddress[],
    headers: Record<string, string>,
    body: string,
    options: { timeoutMs: number; excerptBytes: number },
  ): Promise<PostAnswer> {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<PostAnswer>((resolve, reject) => {
      const req = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          lookup: pinnedLookupOf(addresses),
          // One connection per delivery: a kept-alive socket would skip the pinned lookup next time.
          agent: false,
          signal: AbortSignal.timeout(options.timeoutMs),
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept < options.excerptBytes) {
              chunks.push(chunk);
              kept += chunk.length;
            }
            // The rest is read and dropped: only the start is logged.
          });
          res.on('end', () => {
            const excerpt = Buffer.concat(chunks).subarray(0, options.excerptBytes).toString('utf8');
            resolve({ status: res.statusCode ?? 0, excerpt });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
