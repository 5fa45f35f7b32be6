// Who a headless caller (the MCP server, privileged CLI commands) is and what it may do. With a token
// ($BIG_THREE_TOKEN or --token) it opens a session for the token's principal and re-checks it on every privileged call, so a revoked
// or expired token stops working mid-session; without one the caller is the local user with the
// local role ($BIG_THREE_LOCAL_ROLE), like any other local CLI use.
import { buildCliSecurity, type SecurityCliContext } from './commands/security';
import type { AgentCore } from '../orchestrator/agents/agent-core';
import type { HeadlessAuthorization } from './headless-services';
import { stringOption } from './args';

export interface HeadlessGate {
  principal: string;
  authorize(request: HeadlessAuthorization): Promise<void>;
  dispose(): Promise<void>;
}

export async function headlessGate(ctx: SecurityCliContext, core: AgentCore, surface: 'mcp' | 'cli'): Promise<HeadlessGate> {
  const token = stringOption(ctx.args, 'token') ?? process.env.BIG_THREE_TOKEN;
  const { security, principal } = await buildCliSecurity(ctx, core);
  const session = token ? await security.tokens.startSession(token, surface) : undefined;
  return {
    principal,
    async authorize(request) {
      const caller = session ? security.tokens.touchSession(session.id).principal : principal;
      await security.gate.enforce({ principal: caller, ...request });
    },
    async dispose() {
      if (session) security.tokens.endSession(session.id);
      await security.dispose();
    },
  };
}
