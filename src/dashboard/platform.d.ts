// Runtime APIs the dashboard layer uses beyond ECMAScript; both exist in node (the host, the CLI) and in browsers.
// Declared here instead of pulling in @types/node or the DOM lib.
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare var crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
declare var TextEncoder: { new (): { encode(input?: string): Uint8Array } };
