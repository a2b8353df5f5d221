/** The line that gives an ES module bundle `require` for its bundled CommonJS dependencies. */
export const createRequireBanner: string;

/** Compiles a TypeScript entry to one ES module on plain node (compile-gateway.mjs). */
export function compileGateway(paths: { entry: string; outfile: string }): Promise<void>;
