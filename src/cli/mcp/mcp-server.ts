// `big-three mcp`: a Model Context Protocol server on stdio. stdout carries only protocol messages;
// logs go to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { HeadlessServices } from '../headless-services';
import { registerMcpTools } from './mcp-tools';

export const MCP_SERVER_NAME = 'big-three';

export async function serveMcp(services: HeadlessServices, version: string): Promise<void> {
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { capabilities: { tools: {} } });
  registerMcpTools(server, services);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
  await services.close();
}
