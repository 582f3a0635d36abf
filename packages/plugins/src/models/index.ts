// The built-in model plugins.
import bertPlugin from './bert.js';
import { mlpPlugin } from './mlp.js';

export const modelPlugins = [mlpPlugin, bertPlugin] as const;
