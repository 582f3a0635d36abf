// @ontogeny/plugins: the built-in plugins, one file each, a folder per kind.

/* Registry */
export { builtinPlugins } from './builtin-plugins.js';
export { builtinRegistry } from './builtin-registry.js';

/* Models */
export { Mlp, mlpPlugin } from './models/mlp.js';
export type { MlpOptions } from './models/mlp.js';
export { BertModel, hasAttentionHeads, HeadLesion, removalOrder } from './models/bert/index.js';
export type { AttentionHeads, BertOptions, EncoderProbe, HeadLesionOptions } from './models/bert/index.js';

/* Language */
export { languageFor } from './language/index.js';
export type { Language } from './language/index.js';

/* Electrodes */
export { ElectrodeRecorder, readElectrodeIndex, readElectrode } from './models/bert/index.js';
export type { ElectrodeRecord, ElectrodeIndex, ElectrodeOptions } from './models/bert/index.js';
