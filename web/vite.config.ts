// Vite build of the meeting web app.
//
// The app is built once and served under any base path: every URL in the output is relative
// (`base: './'`) and resolved at run time against the `<base href>` that livekit-meet injects into
// index.html. Nothing is fetched from another origin at run time, so the background-effect engine
// (MediaPipe's vision WebAssembly and a person-segmentation model) is copied into the output under
// `vision/` and the app points @livekit/track-processors there.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { attachTfliteMetadata, buildSegmenterMetadata } from './tools/tflite-metadata.ts';
import { localeChunkName, localeChunks } from './tools/locale-chunks.ts';

const require = createRequire(import.meta.url);

// The folder of an installed package, found from its entry point (some packages do not export
// their package.json). `from` is the module whose dependency it is.
function packageDir(name: string, from: NodeRequire = require): string {
  let dir = path.dirname(from.resolve(name));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

// Files served under `vision/`: [name in the output, absolute source path].
// The model gets the TFLite metadata that MediaPipe's ImageSegmenter needs (tools/tflite-metadata.ts).
function visionFiles(): Array<[string, string]> {
  // The MediaPipe build that @livekit/track-processors itself imports.
  const processors = createRequire(require.resolve('@livekit/track-processors'));
  const tasks = path.join(packageDir('@mediapipe/tasks-vision', processors), 'wasm');
  const selfie = packageDir('@mediapipe/selfie_segmentation');
  return [
    ['vision_wasm_internal.js', path.join(tasks, 'vision_wasm_internal.js')],
    ['vision_wasm_internal.wasm', path.join(tasks, 'vision_wasm_internal.wasm')],
    ['vision_wasm_nosimd_internal.js', path.join(tasks, 'vision_wasm_nosimd_internal.js')],
    ['vision_wasm_nosimd_internal.wasm', path.join(tasks, 'vision_wasm_nosimd_internal.wasm')],
    ['selfie_segmenter.tflite', path.join(selfie, 'selfie_segmentation.tflite')],
  ];
}

const VISION_NOTICE = `Background effects engine, served by livekit-meet from these npm packages:

vision_wasm_*.js, vision_wasm_*.wasm
  @mediapipe/tasks-vision (as used by @livekit/track-processors), Apache License 2.0,
  Copyright The MediaPipe Authors.

selfie_segmenter.tflite
  selfie_segmentation.tflite from @mediapipe/selfie_segmentation, Apache License 2.0,
  Copyright The MediaPipe Authors; TFLite metadata (input normalisation) added at build time.

License text: https://www.apache.org/licenses/LICENSE-2.0
`;

function visionFile(name: string, source: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(source));
  return name.endsWith('.tflite') ? attachTfliteMetadata(bytes, buildSegmenterMetadata()) : bytes;
}

function visionAssets(): Plugin {
  return {
    name: 'livekit-meet-vision-assets',
    // `vite build`: emit the files with fixed names (the app asks for them by name).
    generateBundle() {
      for (const [name, source] of visionFiles()) {
        this.emitFile({ type: 'asset', fileName: `vision/${name}`, source: visionFile(name, source) });
      }
      this.emitFile({ type: 'asset', fileName: 'vision/NOTICE.txt', source: VISION_NOTICE });
    },
    // `vite dev`: serve the same files from node_modules.
    configureServer(server) {
      const files = new Map(visionFiles());
      server.middlewares.use((req, res, next) => {
        const match = /\/vision\/([^/?#]+)/.exec(req.url ?? '');
        const name = match?.[1];
        const source = name ? files.get(name) : undefined;
        if (!name || !source) return next();
        const type = source.endsWith('.wasm')
          ? 'application/wasm'
          : source.endsWith('.js')
            ? 'text/javascript'
            : 'application/octet-stream';
        res.setHeader('Content-Type', type);
        res.end(visionFile(name, source));
      });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), visionAssets(), localeChunks(fileURLToPath(new URL('./src/i18n/locales', import.meta.url)))],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Each language's parts are chunks of their own, named for the budget check
        // (tools/budget.mjs).
        chunkFileNames: (chunk) => {
          const locale = localeChunkName(chunk.facadeModuleId);
          return locale ? `assets/${locale}-[hash].js` : 'assets/[name]-[hash].js';
        },
      },
    },
  },
  worker: {
    format: 'es',
  },
  server: {
    // `npm run dev` talks to a livekit-meet running on 8080 for the API.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
