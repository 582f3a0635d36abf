// The version of @ontogeny/core that plugins declare their supported range against.
export const CORE_VERSION = '0.1.0';
