// The built-in model plugins.
import { mlpPlugin } from './mlp.js';

export const modelPlugins = [mlpPlugin] as const;
