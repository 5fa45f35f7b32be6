// One secret-detection rule in gitleaks' form: a regex, the capture group that holds the secret, the
// least Shannon entropy a real secret has, keywords (lower case) one of which must occur in the text
// for the rule to be tried at all, and stop words that mark a match as a placeholder.
export interface VendoredSecretRule {
  id: string;
  regex: string;
  flags: string;
  secretGroup?: number;
  entropy?: number;
  keywords?: readonly string[];
  stopwords?: readonly string[];
}

export interface CompiledSecretRule {
  id: string;
  regex: RegExp;
  secretGroup?: number;
  entropy?: number;
  keywords: readonly string[];
  stopwords: readonly string[];
}

export function compileRule(rule: VendoredSecretRule): CompiledSecretRule {
  return {
    id: rule.id,
    regex: new RegExp(rule.regex, `${rule.flags.replace(/g/g, '')}g`),
    ...(rule.secretGroup !== undefined ? { secretGroup: rule.secretGroup } : {}),
    ...(rule.entropy !== undefined ? { entropy: rule.entropy } : {}),
    keywords: rule.keywords ?? [],
    stopwords: rule.stopwords ?? [],
  };
}

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function shannonEntropy(text: string): number {
  if (!text) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
