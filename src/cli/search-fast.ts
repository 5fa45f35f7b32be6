// `big-three search "QUERY"` without the rest of the headless host: a search needs the security core
// (the gate check and its audit record, tokens re-read) and the saved index, not the expert catalog,
// learning, delegation or workflows that openHeadless builds for every other command. main.ts loads
// this module instead of dispatch.ts for `search`, so a search process never initializes those
// modules (provider SDK schemas, expert definitions, learning state).
import * as path from 'path';
import { nodePorts } from '../adapters/node-ports';
import { openDataDirs } from '../adapters/private-data-folder';
import { systemClock } from '../orchestrator/ports';
import { DEFAULT_LOCAL_ROLE, isLocalRole } from '../orchestrator/security/permissions';
import { createSecurityCore } from '../orchestrator/security/security-core';
import { type ParsedArgs, dataDirOption, intOption, stringOption } from './args';
import { type CliIo, processIo, stderrLogger } from './cli-host';
import { cliEmbedder, cliModelFolder } from './commands/model';
import { searchCommand } from './commands/rag-commands';
import { UsageError } from './usage-error';

/** Runs `search` as dispatch.ts would (same options, checks, audit and output). */
export async function fastSearch(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, ...rest] = args.positionals;
  if (rest.length > 1) throw new UsageError('"search" takes one query in quotes');
  const role = process.env.BIG_THREE_LOCAL_ROLE ?? DEFAULT_LOCAL_ROLE;
  if (!isLocalRole(role)) throw new UsageError(`BIG_THREE_LOCAL_ROLE must be none, viewer, developer or admin, not "${role}"`);
  const node = nodePorts();
  const logger = stderrLogger(io, args.options.has('verbose'));
  const workspace = path.resolve(stringOption(args, 'workspace') ?? process.cwd());
  const dataDirs = await openDataDirs(dataDirOption(args), workspace, node.realPath, logger);
  const model = cliModelFolder(stringOption(args, 'model'), dataDirs.user);
  const embedder = cliEmbedder(model.dir, model.named, logger);
  const security = await createSecurityCore({
    fs: node.fs,
    clock: systemClock,
    logger,
    realPath: node.realPath,
    dataDir: path.join(dataDirs.user, 'security'),
    localPrincipal: node.principal,
    workspaceRoots: [workspace],
    expertTools: () => undefined, // no expert acts in a search from the command line
    settings: { localRole: role },
    audit: { recentLimit: 0 }, // a search shows no audit records: only the chain's head is read
  });
  const token = stringOption(args, 'token') ?? process.env.BIG_THREE_TOKEN;
  let session: { id: string; principal: string } | undefined;
  try {
    session = token ? await security.tokens.startSession(token, 'cli') : undefined;
    // The caller after re-reading tokens and grants; a refused session is audited (as openHeadless does).
    await security.refresh();
    let principal: string;
    try {
      principal = session ? security.tokens.touchSession(session.id).principal : security.localPrincipal;
    } catch (error) {
      await security.audit
        .record({ type: 'auth_failure', user: session?.principal ?? 'unknown', operation: 'code.search', outcome: 'denied', message: (error as Error).message })
        .catch(() => undefined);
      throw error;
    }
    await security.gate.enforce({ operation: 'code.search', resource: workspace, detail: `big-three search ${(rest[0] ?? '').slice(0, 200)}`, principal });
    const json = args.options.has('json');
    const tty =
      io === processIo && process.stderr.isTTY && !json ? { tty: { write: (t: string) => process.stderr.write(t), columns: process.stderr.columns } } : {};
    return await searchCommand(io, rest[0], workspace, intOption(args, 'limit', 1, 100) ?? 10, {
      fs: node.fs,
      dataDir: dataDirs.user,
      embedder,
      json,
      logger,
      ...tty,
    });
  } finally {
    if (session) security.tokens.endSession(session.id);
    await security.dispose();
  }
}
