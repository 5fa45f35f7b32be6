// dist/extension-app.js: the application (views/register-features.ts builds it over VS Code's ports and
// registers each feature's UI). dist/extension.js (src/extension.ts) loads it once activate() has returned,
// through V8's code cache of this bundle (adapters/bundle-code-cache.ts).
export { type BigThreeApi, buildAndRegister } from './views/register-features';
