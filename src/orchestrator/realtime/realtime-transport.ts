// Opens the official SDK's Realtime WebSocket (`OpenAIRealtimeWS`, GA protocol) on a configured
// endpoint. The SDK always dials `wss:`; for an `http://` base URL (a local OpenAI-compatible server)
// the socket is handed a plain TCP connection instead, which is allowed only on loopback so an API
// key never crosses a network in clear text.
import * as https from 'https';
import * as net from 'net';
import type { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { RealtimeConfigError } from './errors';

export interface RealtimeEndpoint {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, or http://127.0.0.1:8080/v1 for a local server. */
  baseURL: string;
  /** PEM text of extra certificate authorities to trust (a self-signed local server). */
  ca?: string;
  /** Largest incoming message in bytes (default 16 MiB). */
  maxPayloadBytes?: number;
}

export const DEFAULT_REALTIME_BASE_URL = 'https://api.openai.com/v1';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface ParsedEndpoint {
  url: URL;
  secure: boolean;
  host: string;
  port: number;
}

/** Checks the base URL; ws:/wss: are accepted as spellings of http:/https:. */
export function parseBaseUrl(baseURL: string): ParsedEndpoint {
  let url: URL;
  try {
    url = new URL(baseURL.trim());
  } catch {
    throw new RealtimeConfigError(`The realtime endpoint "${baseURL}" is not a valid URL; set bigThree.realtime.baseUrl to e.g. ${DEFAULT_REALTIME_BASE_URL}.`);
  }
  const protocol = url.protocol === 'ws:' ? 'http:' : url.protocol === 'wss:' ? 'https:' : url.protocol;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new RealtimeConfigError(`The realtime endpoint must be an http(s) or ws(s) URL, not ${url.protocol}.`);
  if (url.username || url.password)
    throw new RealtimeConfigError('Do not put credentials in the realtime endpoint URL; store the key with "Big Three: Set API Key".');
  const secure = protocol === 'https:';
  if (!secure && !LOOPBACK.has(url.hostname)) {
    throw new RealtimeConfigError(
      `Refusing to send the API key unencrypted to ${url.hostname}: use https:// (plain http:// is allowed only for 127.0.0.1/localhost).`,
    );
  }
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const normalized = new URL(url.href.replace(/^wss?:/, protocol));
  return { url: normalized, secure, host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Opens the socket at once; listen to `socket` open/close and the SDK's `error` right after. */
export function openRealtimeSocket(endpoint: RealtimeEndpoint, model: string): OpenAIRealtimeWS {
  if (!endpoint.apiKey) throw new RealtimeConfigError('No OpenAI API key is stored: run "Big Three: Set API Key" and choose OpenAI.');
  const parsed = parseBaseUrl(endpoint.baseURL);
  // The SDK loads with the first voice session, not with the extension.
  const { OpenAI } = require('openai') as typeof import('openai');
  const { OpenAIRealtimeWS } = require('openai/realtime/ws') as typeof import('openai/realtime/ws');
  const client = new OpenAI({ apiKey: endpoint.apiKey, baseURL: parsed.url.href.replace(/\/$/, ''), maxRetries: 0 });
  const options = parsed.secure
    ? { ...(endpoint.ca ? { ca: endpoint.ca } : {}), maxPayload: endpoint.maxPayloadBytes ?? 16 * 1024 * 1024, handshakeTimeout: 15_000 }
    : {
        // The SDK insists on wss:; speak plain WebSocket over a loopback TCP socket instead. An explicit
        // agent (not options.createConnection) so hosts that patch https.request for proxy support,
        // as VS Code's extension host does, still use this socket for loopback addresses.
        agent: new PlainLoopbackAgent(parsed.host, parsed.port),
        maxPayload: endpoint.maxPayloadBytes ?? 16 * 1024 * 1024,
        handshakeTimeout: 15_000,
      };
  return new OpenAIRealtimeWS({ model, options }, client);
}

/** An https.Agent whose connections are plain TCP to one loopback address (no TLS). */
class PlainLoopbackAgent extends https.Agent {
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super({ keepAlive: false });
  }

  override createConnection(): net.Socket {
    return net.connect(this.port, this.host);
  }
}
