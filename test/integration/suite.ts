// Entry point of the integration tests: VS Code's extension host calls run() (extensionTestsPath).
// Each feature adds its suite file under suites/ and one line to SUITES.
import Mocha from 'mocha';
import { defineFirstLookTests } from './suites/first-look.suite';
import { defineAgentPoolTests } from './suites/agent-pool.suite';
import { defineLearningTests } from './suites/learning.suite';
import { defineSecurityTests } from './suites/security.suite';
import { defineWorkflowTests } from './suites/workflow.suite';
import { defineRagTests } from './suites/rag.suite';
import { defineRagLargeWorkspaceTests } from './suites/rag-large.suite';
import { defineDelegatesTests } from './suites/delegates.suite';
import { defineVoiceTests } from './suites/voice.suite';
import { defineOneCoreTests } from './suites/one-core.suite';

// First look runs first: it shows the views before any other suite has filled them.
const SUITES: Array<() => void> = [
  defineFirstLookTests,
  defineAgentPoolTests,
  defineLearningTests,
  defineSecurityTests,
  defineWorkflowTests,
  defineRagTests,
  defineRagLargeWorkspaceTests,
  defineDelegatesTests,
  defineVoiceTests,
  defineOneCoreTests,
];

export function run(): Promise<void> {
  const grep = process.env.BIG_THREE_IT_GREP; // run only the tests whose title matches (for local runs)
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'suite.js', mocha);
  SUITES.forEach((define) => define());
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`extension-tests: ${runner.stats?.passes ?? mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
  });
}
