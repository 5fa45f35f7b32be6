// `big-three mcp`: a Model Context Protocol server on stdio. stdout carries only protocol messages;
// logs go to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { HeadlessServices } from '../headless-services';
import { registerMcpTools } from './mcp-tools';
import { DEFAULT_MAX_MCP_REQUEST_BYTES, RequestSizeLimit, oversizedResponse } from './mcp-request-limit';
import { auditRefusal } from './mcp-audit';

/** The SDK answers unknown tools and arguments that fail the schema itself; those refusals are audited too. */
function auditRefusalsBeforeTools(server: McpServer, services: HeadlessServices): void {
  const sdk = server as unknown as { createToolError?: (message: string) => unknown };
  const original = sdk.createToolError?.bind(server);
  if (!original) return;
  sdk.createToolError = (message: string) => {
    void auditRefusal(services, 'mcp.tool', `MCP tool call refused before it ran: ${message.slice(0, 500)}`);
    return original(message);
  };
}

export const MCP_SERVER_NAME = 'big-three';

export async function serveMcp(services: HeadlessServices, version: string, maxRequestBytes = DEFAULT_MAX_MCP_REQUEST_BYTES): Promise<void> {
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { capabilities: { tools: {} } });
  registerMcpTools(server, services);
  auditRefusalsBeforeTools(server, services);
  // Oversized requests are answered with a JSON-RPC error (and audited) instead of closing the transport.
  const input = process.stdin.pipe(
    new RequestSizeLimit(maxRequestBytes, (request) => {
      process.stdout.write(oversizedResponse(request, maxRequestBytes));
      void auditRefusal(services, 'mcp.request', `An MCP request of ${request.bytes} bytes was refused: over the ${maxRequestBytes}-byte limit.`);
    }),
  );
  const transport = new StdioServerTransport(input, process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    input.on('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
  await services.close();
}
