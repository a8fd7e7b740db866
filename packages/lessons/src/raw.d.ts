/** A file imported as text: `import source from './hello_server.c?raw'` (vite, vitest, the server bundle, .config/rawText.mjs). */
declare module '*.c?raw' {
  const source: string;
  export default source;
}
