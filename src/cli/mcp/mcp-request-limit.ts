// Keeps an oversized MCP request from reaching (and silently closing) the stdio transport: each line
// of stdin is passed on whole once it ends, unless it grows past the limit; then it is dropped, the
// client gets a JSON-RPC error for its request id and the server stays up.
import { Transform, type TransformCallback } from 'stream';
import { TopLevelIdScanner } from './json-top-level-id';

export const DEFAULT_MAX_MCP_REQUEST_BYTES = 4 * 1024 * 1024;

export interface OversizedRequest {
  /** The request's top-level id when it could be read (else null). */
  id: string | number | null;
  /** No top-level id: a notification, which is not answered. */
  notification: boolean;
  bytes: number;
}

/** A JSON-RPC error response (-32600 invalid request) for an oversized request. */
export function oversizedResponse(request: OversizedRequest, maxBytes: number): string {
  return `${JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32600, message: `Request of ${request.bytes} bytes is over the ${maxBytes}-byte limit; it was not processed.` } })}\n`;
}

export class RequestSizeLimit extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding: { scanner: TopLevelIdScanner; bytes: number } | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly onOversized: (request: OversizedRequest) => void,
    /** Each whole line (with its line end) before it is passed on: what to pass on, or undefined to drop it. */
    private readonly checkLine: (line: Buffer) => Buffer | undefined = (line) => line,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let rest = chunk;
    while (rest.length) {
      const newline = rest.indexOf(0x0a);
      const piece = newline < 0 ? rest : rest.subarray(0, newline + 1);
      rest = newline < 0 ? Buffer.alloc(0) : rest.subarray(newline + 1);
      if (this.discarding) {
        this.discarding.bytes += piece.length;
        this.discarding.scanner.push(piece);
      } else if (this.size + piece.length > this.maxBytes + 1) {
        const scanner = new TopLevelIdScanner();
        for (const part of [...this.parts, piece]) scanner.push(part);
        this.discarding = { scanner, bytes: this.size + piece.length };
        this.parts = [];
        this.size = 0;
      } else {
        this.parts.push(piece);
        this.size += piece.length;
      }
      if (newline >= 0) this.endLine();
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.parts.length) this.push(Buffer.concat(this.parts));
    done();
  }

  private endLine(): void {
    if (this.discarding) {
      const { scanner, bytes } = this.discarding;
      this.onOversized({ id: scanner.id, notification: !scanner.isRequest, bytes });
      this.discarding = undefined;
      return;
    }
    const line = this.checkLine(Buffer.concat(this.parts));
    if (line) this.push(line);
    this.parts = [];
    this.size = 0;
  }
}
