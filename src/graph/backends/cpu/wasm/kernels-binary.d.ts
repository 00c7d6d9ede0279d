// Types for kernels-binary.js, which `npm run build:wasm` generates (not committed).
export declare const SHARED_WASM_BASE64: string;
export declare const PLAIN_WASM_BASE64: string;
export declare const SHARED_RELAXED_WASM_BASE64: string;
export declare const PLAIN_RELAXED_WASM_BASE64: string;
