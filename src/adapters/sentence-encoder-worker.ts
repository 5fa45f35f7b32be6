// Worker thread of the shipped sentence encoder (shipped-sentence-encoder.ts, `inWorker`): loads
// TensorFlow.js and the encoder's weights here, so the extension host's thread never spends the module
// load (about 90 ms) nor an inference (10-30 ms per task) of its own. Messages: {id, texts} in,
// {id, vectors} or {id, error} out. Bundled on its own as dist/sentence-encoder-worker.js (esbuild.js).
import { parentPort } from 'worker_threads';
import { loadUseLite } from './shipped-sentence-encoder';

export interface EncodeRequest {
  id: number;
  texts: string[];
}

export type EncodeReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  const encoder = loadUseLite();
  port.on('message', (request: EncodeRequest) => {
    void (async () => {
      try {
        const vectors = await (await encoder).embed(request.texts);
        port.postMessage({ id: request.id, vectors } satisfies EncodeReply);
      } catch (error) {
        port.postMessage({ id: request.id, error: (error as Error).message } satisfies EncodeReply);
      }
    })();
  });
}
