// The shipped sentence encoder's own process (shipped-sentence-encoder.ts, `processScript`): loads
// TensorFlow.js and the encoder's weights here, so the extension host neither spends the module load
// (about 90 ms) nor an inference (10-30 ms per task) on its thread, nor holds their ~125 MiB. Messages
// over the IPC channel: {id, texts} in, {id, vectors} or {id, error} out. It exits when the host's channel
// closes. Bundled on its own as dist/sentence-encoder-worker.js (esbuild.js).
import { loadUseLite } from './shipped-sentence-encoder';

export interface EncodeRequest {
  id: number;
  texts: string[];
}

export type EncodeReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

function isEncodeRequest(value: unknown): value is EncodeRequest {
  const v = value as Partial<EncodeRequest> | null;
  return !!v && typeof v.id === 'number' && Array.isArray(v.texts) && v.texts.every((t) => typeof t === 'string');
}

const send = process.send?.bind(process);
if (send) {
  const encoder = loadUseLite();
  encoder.catch(() => undefined); // each request reports the failure
  process.on('disconnect', () => process.exit(0));
  process.on('message', (request: unknown) => {
    if (!isEncodeRequest(request)) return;
    void (async () => {
      let reply: EncodeReply;
      try {
        reply = { id: request.id, vectors: await (await encoder).embed(request.texts) };
      } catch (error) {
        reply = { id: request.id, error: (error as Error).message };
      }
      if (process.connected) send(reply);
    })();
  });
}
