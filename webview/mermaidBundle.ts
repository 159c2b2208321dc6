// Its own bundle (about 3 MB) so the dashboard paints without it; webview/mermaidLoader.ts runs it on first use.
import mermaid from 'mermaid';

(globalThis as { journeyLensMermaid?: typeof mermaid }).journeyLensMermaid = mermaid;
