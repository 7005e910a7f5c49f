/**
 * @file The external-data files an ONNX graph refers to, read from the graph's protobuf
 * without loading its weights.
 *
 * [Note: External data]
 * A tower over 2 GB cannot be one protobuf, so exporters write its tensors to files beside
 * `model.onnx`: torch.onnx (Immich's older exporter) one file per tensor, named after it
 * (`Constant_2217_attr__value`, `text.token_embedding.weight`, …); onnx.save with
 * all_tensors_to_one_file one file with a generated name. Neither list is knowable from the
 * catalog alone, so the downloader reads the graph once it has arrived and fetches what it
 * names; imports, verify and load check the same list, so a missing file is reported by name
 * instead of as an onnxruntime error. The reader walks the protobuf wire format directly and
 * skips tensor payloads by their length: a 1 GB graph with inline weights costs a few small
 * reads, not 1 GB of memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Field numbers (onnx.proto3) on the path to every TensorProto that can hold external data. */
const Model = { graph: 7, functions: 25 } as const;
const Graph = { node: 1, initializer: 5, sparseInitializer: 15 } as const;
const Node = { attribute: 5 } as const;
const Attribute = {
  t: 5,
  g: 6,
  tensors: 10,
  graphs: 11,
  sparseTensor: 22,
  sparseTensors: 23,
} as const;
const Sparse = { values: 1, indices: 2 } as const;
const Tensor = { externalData: 13 } as const;
const Entry = { key: 1, value: 2 } as const;
const Function = { node: 7 } as const;

/** Reads a file at positions through a small buffer. */
class Reader {
  #buffer = Buffer.alloc(64 * 1024);
  #start = 0;
  #length = 0;

  constructor(private readonly handle: FileHandle) {}

  async byte(at: number): Promise<number> {
    if (at < this.#start || at >= this.#start + this.#length) {
      const { bytesRead } = await this.handle.read(this.#buffer, 0, this.#buffer.length, at);
      if (bytesRead === 0) throw new Error('the file ends inside a protobuf field');
      this.#start = at;
      this.#length = bytesRead;
    }
    return this.#buffer[at - this.#start] ?? 0;
  }

  async bytes(at: number, length: number): Promise<Buffer> {
    const out = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(out, 0, length, at);
    if (bytesRead !== length) throw new Error('the file ends inside a protobuf field');
    return out;
  }

  /** A varint at `at`: its value (exact up to 2^53) and the position after it. */
  async varint(at: number): Promise<[number, number]> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = await this.byte(at + i);
      value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return [value, at + i + 1];
    }
    throw new Error('a protobuf varint is too long');
  }
}

/** Calls `visit(field, start, end)` for every length-delimited field of the message in [start, end). */
async function fields(
  reader: Reader,
  start: number,
  end: number,
  visit: (field: number, start: number, end: number) => Promise<void>,
): Promise<void> {
  let at = start;
  while (at < end) {
    const [key, afterKey] = await reader.varint(at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) [, at] = await reader.varint(afterKey);
    else if (wire === 1) at = afterKey + 8;
    else if (wire === 5) at = afterKey + 4;
    else if (wire === 2) {
      const [length, body] = await reader.varint(afterKey);
      at = body + length;
      if (at > end) throw new Error('a protobuf field runs past its message');
      await visit(field, body, at);
    } else throw new Error(`unsupported protobuf wire type ${String(wire)}`);
  }
}

async function tensor(reader: Reader, start: number, end: number, out: Set<string>): Promise<void> {
  await fields(reader, start, end, async (field, s, e) => {
    if (field !== Tensor.externalData) return;
    let key = '';
    let value = '';
    await fields(reader, s, e, async (f, fs, fe) => {
      if (f === Entry.key) key = (await reader.bytes(fs, fe - fs)).toString('utf8');
      if (f === Entry.value) value = (await reader.bytes(fs, fe - fs)).toString('utf8');
    });
    if (key === 'location' && value) out.add(value);
  });
}

async function sparse(reader: Reader, start: number, end: number, out: Set<string>): Promise<void> {
  await fields(reader, start, end, async (field, s, e) => {
    if (field === Sparse.values || field === Sparse.indices) await tensor(reader, s, e, out);
  });
}

async function node(reader: Reader, start: number, end: number, out: Set<string>): Promise<void> {
  await fields(reader, start, end, async (field, s, e) => {
    if (field !== Node.attribute) return;
    await fields(reader, s, e, async (f, as, ae) => {
      if (f === Attribute.t || f === Attribute.tensors) await tensor(reader, as, ae, out);
      else if (f === Attribute.g || f === Attribute.graphs) await graph(reader, as, ae, out);
      else if (f === Attribute.sparseTensor || f === Attribute.sparseTensors)
        await sparse(reader, as, ae, out);
    });
  });
}

async function graph(reader: Reader, start: number, end: number, out: Set<string>): Promise<void> {
  await fields(reader, start, end, async (field, s, e) => {
    if (field === Graph.initializer) await tensor(reader, s, e, out);
    else if (field === Graph.sparseInitializer) await sparse(reader, s, e, out);
    else if (field === Graph.node) await node(reader, s, e, out);
  });
}

/**
 * The external-data files `onnxFile` refers to, as paths relative to its folder (sorted).
 * Throws when the file is not a readable protobuf, or names a file outside its folder.
 */
export async function externalDataFiles(onnxFile: string): Promise<string[]> {
  const handle = await open(onnxFile, 'r');
  try {
    const { size } = await handle.stat();
    const reader = new Reader(handle);
    const out = new Set<string>();
    await fields(reader, 0, size, async (field, s, e) => {
      if (field === Model.graph) await graph(reader, s, e, out);
      else if (field === Model.functions)
        await fields(reader, s, e, async (f, fs, fe) => {
          if (f === Function.node) await node(reader, fs, fe, out);
        });
    });
    for (const location of out) {
      const resolved = path.resolve(path.dirname(onnxFile), location);
      if (
        path.relative(path.dirname(onnxFile), resolved).startsWith('..') ||
        path.isAbsolute(location)
      )
        throw new Error(`it refers to ${location}, outside its folder`);
    }
    return [...out].sort();
  } finally {
    await handle.close();
  }
}
