/**
 * Turns a cloud call that got no usable answer (network fault, 5xx, malformed body) into a
 * finding. Errors the cloud answered in its own terms are interpreted by each check instead.
 */
import type { CloudFailure } from '../../cloud/result.js';
import { fail, inconclusive, type CheckOutcome } from '../check.js';

/** Which cloud service was called and which config field overrides its endpoint. */
export interface CloudService {
  name: 'COS' | 'the Live API' | 'the IM REST API';
  /** Host (or URL) that was called. */
  where: string;
  /** `cloud.cosEndpoint` etc. */
  endpointField: string;
}

/** A finding for a failure without a cloud error code, or undefined when the cloud answered one. */
export function transportOutcome(f: CloudFailure, svc: CloudService): CheckOutcome | undefined {
  const evidence = {
    endpoint: svc.where,
    code: f.code,
    ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
  };
  const override =
    `If ${svc.endpointField} is set (proxies, emulators), check it; ` +
    `otherwise check this machine's network, DNS and proxy settings.`;
  switch (f.network) {
    case 'ENOTFOUND':
      return fail({
        summary: `${svc.where} does not resolve (DNS)`,
        cause:
          `this machine cannot resolve ${svc.name}'s host name: no DNS or Internet ` +
          `access, or a wrong ${svc.endpointField}`,
        fix: { text: override, commands: [`nslookup ${hostOf(svc.where)}`] },
        evidence,
      });
    case 'ECONNREFUSED':
      return fail({
        summary: `nothing accepts connections at ${svc.where}`,
        cause: `${svc.name} endpoint refused the connection: a wrong ${svc.endpointField} or a proxy that is down`,
        fix: { text: override },
        evidence,
      });
    case 'ETIMEDOUT':
      return fail({
        summary: `${svc.name} did not answer in time`,
        cause: 'a firewall or proxy drops the traffic, or the link is very slow',
        fix: { text: `${override} Raise the limit with --timeout <ms> on slow links.` },
        evidence,
      });
    case 'ECONNRESET':
      return fail({
        summary: `${svc.where} closed the connection without an answer`,
        cause: 'a proxy, firewall or TLS interception cut the connection',
        fix: { text: override },
        evidence,
      });
    case 'TLS':
      return fail({
        summary: `the TLS handshake with ${svc.where} failed`,
        cause: 'an HTTPS-intercepting proxy or an outdated CA store on this machine',
        fix: {
          text:
            'Trust the proxy CA (NODE_EXTRA_CA_CERTS) or bypass the proxy for ' +
            '*.myqcloud.com / *.tencentcloudapi.com / *.qq.com.',
        },
        evidence,
      });
    case 'OTHER':
      return fail({
        summary: `${svc.name} could not be reached: ${f.message}`,
        cause: 'a network problem between here and Tencent Cloud',
        fix: { text: override },
        evidence,
      });
    default:
      break;
  }
  if (f.malformed) {
    return inconclusive({
      summary: `${svc.name} answered something that is not its documented format`,
      cause: 'a proxy, captive portal or faulty gateway answered instead of Tencent Cloud',
      fix: { text: `${override} Retry later if it persists only briefly.` },
      evidence,
    });
  }
  if (f.httpStatus !== undefined && f.httpStatus >= 500) {
    return inconclusive({
      summary: `${svc.name} answered HTTP ${f.httpStatus}`,
      cause: f.requestId
        ? `a server-side error at ${svc.name} (request id ${f.requestId})`
        : 'a proxy or gateway in front of Tencent Cloud failed (no request id)',
      fix: { text: 'Retry in a few minutes; if it persists, open a ticket quoting the request id.' },
      evidence,
    });
  }
  return undefined;
}

function hostOf(where: string): string {
  try {
    return new URL(where).hostname;
  } catch {
    return where.replace(/:\d+$/, '');
  }
}
