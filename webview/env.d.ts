// esbuild bundles stylesheets imported for their side effect (webview/main.ts).
declare module '*.css';
