// The only runtime APIs the core may use beyond ECMAScript: ones that exist in node, browsers and workers alike.
// Declared here instead of pulling in @types/node or the DOM lib, so anything else fails to compile in the core.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
