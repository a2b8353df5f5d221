/** Compiles a TypeScript entry to one ES module on plain node (compile-gateway.mjs). */
export function compileGateway(paths: { entry: string; outfile: string }): Promise<void>;
