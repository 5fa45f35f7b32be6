// A JSON-RPC client for `big-three mcp` over stdio, as an MCP client such as Claude Code speaks it.
import * as assert from 'assert';
import type { ChildProcessWithoutNullStreams } from 'child_process';

export interface RpcResponse {
  id?: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export class RpcClient {
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<number, (r: RpcResponse) => void>();
  stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline).trim();
        this.buffer = this.buffer.slice(newline + 1);
        if (!line) continue;
        const message = JSON.parse(line) as RpcResponse; // stdout must carry only JSON-RPC
        if (message.id !== undefined) this.pending.get(message.id)?.(message);
      }
    });
    child.stderr.on('data', (d) => (this.stderr += d));
  }

  request(method: string, params: Record<string, unknown> = {}): Promise<RpcResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}; stderr: ${this.stderr}`)), 8000);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  async call(
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text: string }> }> {
    const response = await this.request('tools/call', { name, arguments: args });
    assert.ok(response.result, `tools/call ${name} answered ${JSON.stringify(response.error)}`);
    return response.result as never;
  }
}

/**
 * Stops a `big-three mcp` process and waits until it has exited: on SIGTERM it still writes its audit
 * log and learning state, so its data folder may be removed only after.
 */
export async function stopServer(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  child.kill();
  await exited;
}
