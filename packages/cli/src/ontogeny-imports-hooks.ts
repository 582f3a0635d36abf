// Module resolution hooks: a plugin outside any installation of Ontogeny imports @ontogeny/* from the CLI's own copy.

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions: readonly string[];
}
interface ResolveResult {
  readonly url: string;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;

/** What `initialize` receives from `module.register`: the URL that @ontogeny/* packages resolve from. */
export interface OntogenyImportsData {
  readonly cliUrl: string;
}

let cliUrl = '';

export function initialize(data: OntogenyImportsData): void {
  cliUrl = data.cliUrl;
}

/** The plugin's own resolution first (its own @ontogeny/core, if it has one); the CLI's only when that fails. */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const notFound = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    if (!notFound || !/^@ontogeny\/(core|plugins)(\/|$)/.test(specifier)) throw error;
    return nextResolve(specifier, { ...context, parentURL: cliUrl });
  }
}
