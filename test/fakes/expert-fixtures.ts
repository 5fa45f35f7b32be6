// A minimal valid ExpertDefinition for tests that need hand-made experts.
import type { ExpertDefinition } from '../../src/orchestrator/agents/expert-definition';

export function makeExpert(id: string, fields: Partial<ExpertDefinition> = {}): ExpertDefinition {
  return {
    id,
    displayName: id,
    description: '',
    tier: 1,
    category: 'general',
    triggers: [],
    focusAreas: [],
    tools: ['read_file'],
    role: '',
    systemPrompt: 'prompt',
    guidelines: '',
    origin: 'builtin',
    file: `${id}.md`,
    ...fields,
  };
}
