// Access policies: for the principals a policy names, operations it blocks are refused even when a
// role would allow them, and operations it allows are allowed without a role. Blocks always win.
import { SecurityConfigError } from './errors';
import { globMatch } from './permissions';

export interface AccessPolicy {
  id: string;
  description?: string;
  /** Principal patterns, e.g. "token:*", "expert:qa-expert", "*". */
  subjects: string[];
  /** Operation patterns, e.g. "agent.*", "file.read". */
  allow?: string[];
  block?: string[];
}

export interface PolicyVerdict {
  blockedBy?: AccessPolicy;
  allowedBy?: AccessPolicy;
}

export function evaluatePolicies(policies: readonly AccessPolicy[], principal: string, operation: string): PolicyVerdict {
  const verdict: PolicyVerdict = {};
  for (const policy of policies) {
    if (!policy.subjects.some((s) => globMatch(s, principal))) continue;
    if (policy.block?.some((p) => globMatch(p, operation))) return { blockedBy: policy };
    if (!verdict.allowedBy && policy.allow?.some((p) => globMatch(p, operation))) verdict.allowedBy = policy;
  }
  return verdict;
}

const POLICY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PATTERN = /^[A-Za-z0-9._:@*-]{1,160}$/;

export function validatePolicy(raw: unknown, where: string): AccessPolicy {
  const p = raw as Partial<AccessPolicy> | null;
  if (!p || typeof p !== 'object' || Array.isArray(p))
    throw new SecurityConfigError(`${where}: a policy must be an object with id, subjects and allow/block lists.`);
  if (typeof p.id !== 'string' || !POLICY_ID.test(p.id)) throw new SecurityConfigError(`${where}: policy id must be 1–64 letters, digits, ".", "_" or "-".`);
  const list = (name: 'subjects' | 'allow' | 'block', required: boolean): string[] | undefined => {
    const value = p[name];
    if (value === undefined && !required) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && PATTERN.test(v))) {
      throw new SecurityConfigError(`${where}: policy "${p.id}" ${name} must be a list of patterns (letters, digits, . _ : @ - and *).`);
    }
    return [...value];
  };
  const subjects = list('subjects', true)!;
  if (!subjects.length) throw new SecurityConfigError(`${where}: policy "${p.id}" names no subjects.`);
  const allow = list('allow', false);
  const block = list('block', false);
  if (!allow?.length && !block?.length) throw new SecurityConfigError(`${where}: policy "${p.id}" neither allows nor blocks anything.`);
  return {
    id: p.id,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    subjects,
    ...(allow ? { allow } : {}),
    ...(block ? { block } : {}),
  };
}
