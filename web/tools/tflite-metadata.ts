// Adds TFLite model metadata to the person-segmentation model used for background effects.
//
// The model comes from the npm package @mediapipe/selfie_segmentation (Apache-2.0), which ships
// it without metadata. MediaPipe Tasks' ImageSegmenter (used by @livekit/track-processors) needs
// the input tensor's normalisation ((x - 0) / 255: RGB in [0, 1]) from that metadata, so the build
// writes it in:
//
// 1. The metadata itself is a small flatbuffer (tflite-support's metadata schema, identifier
//    "M001") built with the `flatbuffers` builder.
// 2. The model is a flatbuffer whose root table cannot grow in place. Every offset inside a
//    flatbuffer is relative, so the original bytes are kept unchanged and a region is put in
//    front of them (a multiple of 64 bytes, keeping every alignment) holding a new root Model
//    table. Its fields point forward at the original subgraphs, operator codes, buffers, …, plus
//    one new Buffer with the metadata and a `metadata` entry "TFLITE_METADATA" naming it.
import * as flatbuffers from 'flatbuffers';

// tflite schema.fbs, table Model: field slots.
const MODEL_FIELDS = 8; // version, operator_codes, subgraphs, description, buffers,
//                         metadata_buffer, metadata, signature_defs
const SLOT_VERSION = 0;
const SLOT_BUFFERS = 4;
const SLOT_METADATA = 6;

export const METADATA_NAME = 'TFLITE_METADATA';

/** The metadata flatbuffer: one image input normalised to [0, 1], one mask output. */
export function buildSegmenterMetadata(): Uint8Array {
  const b = new flatbuffers.Builder(1024);

  const floats = (values: number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
    return b.endVector();
  };
  const table = (fields: Array<(slot: number) => void>) => {
    b.startObject(fields.length);
    fields.forEach((add, slot) => add(slot));
    return b.endObject();
  };
  const offsets = (values: flatbuffers.Offset[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]);
    return b.endVector();
  };

  // Input: ImageProperties(RGB) content, NormalizationOptions(mean 0, std 255), stats [0, 1].
  const mean = floats([0]);
  const std = floats([255]);
  const normalization = table([
    (s) => b.addFieldOffset(s, mean, 0), // mean
    (s) => b.addFieldOffset(s, std, 0), // std
  ]);
  const processUnit = table([
    (s) => b.addFieldInt8(s, 1, 0), // options_type = NormalizationOptions
    (s) => b.addFieldOffset(s, normalization, 0), // options
  ]);
  const processUnits = offsets([processUnit]);
  const imageProperties = table([
    (s) => b.addFieldInt8(s, 1, 0), // color_space = RGB
  ]);
  const inputContent = table([
    (s) => b.addFieldInt8(s, 2, 0), // content_properties_type = ImageProperties
    (s) => b.addFieldOffset(s, imageProperties, 0), // content_properties
  ]);
  const statsMax = floats([1]);
  const statsMin = floats([0]);
  const inputStats = table([
    (s) => b.addFieldOffset(s, statsMax, 0), // max
    (s) => b.addFieldOffset(s, statsMin, 0), // min
  ]);
  const inputName = b.createString('image');
  const inputDescription = b.createString('RGB image, values normalised to [0, 1].');
  const input = table([
    (s) => b.addFieldOffset(s, inputName, 0), // name
    (s) => b.addFieldOffset(s, inputDescription, 0), // description
    () => undefined, // dimension_names
    (s) => b.addFieldOffset(s, inputContent, 0), // content
    (s) => b.addFieldOffset(s, processUnits, 0), // process_units
    (s) => b.addFieldOffset(s, inputStats, 0), // stats
  ]);

  // Output: a one-channel person mask (probabilities).
  const outputProperties = table([
    (s) => b.addFieldInt8(s, 2, 0), // color_space = GRAYSCALE
  ]);
  const outputContent = table([
    (s) => b.addFieldInt8(s, 2, 0), // content_properties_type = ImageProperties
    (s) => b.addFieldOffset(s, outputProperties, 0),
  ]);
  const outputName = b.createString('segmentation');
  const outputDescription = b.createString('Probability that each pixel shows a person.');
  const output = table([
    (s) => b.addFieldOffset(s, outputName, 0),
    (s) => b.addFieldOffset(s, outputDescription, 0),
    () => undefined,
    (s) => b.addFieldOffset(s, outputContent, 0),
  ]);

  const inputs = offsets([input]);
  const outputs = offsets([output]);
  const subgraphName = b.createString('person segmentation');
  const subgraph = table([
    (s) => b.addFieldOffset(s, subgraphName, 0), // name
    () => undefined, // description
    (s) => b.addFieldOffset(s, inputs, 0), // input_tensor_metadata
    (s) => b.addFieldOffset(s, outputs, 0), // output_tensor_metadata
  ]);
  const subgraphs = offsets([subgraph]);
  const name = b.createString('Selfie segmentation');
  const description = b.createString('Segments a person from the background.');
  const version = b.createString('v1');
  const license = b.createString('Apache License. Version 2.0 http://www.apache.org/licenses/LICENSE-2.0.');
  const minParser = b.createString('1.0.0');
  const root = table([
    (s) => b.addFieldOffset(s, name, 0), // name
    (s) => b.addFieldOffset(s, description, 0), // description
    (s) => b.addFieldOffset(s, version, 0), // version
    (s) => b.addFieldOffset(s, subgraphs, 0), // subgraph_metadata
    () => undefined, // author
    (s) => b.addFieldOffset(s, license, 0), // license
    () => undefined, // associated_files
    (s) => b.addFieldOffset(s, minParser, 0), // min_parser_version
  ]);
  b.finish(root, 'M001');
  return b.asUint8Array().slice();
}

class Reader {
  private view: DataView;
  constructor(private bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(at: number) {
    return this.view.getUint16(at, true);
  }
  u32(at: number) {
    return this.view.getUint32(at, true);
  }
  i32(at: number) {
    return this.view.getInt32(at, true);
  }
  /** Position of a table field, or 0 when absent. */
  field(table: number, slot: number): number {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const entry = 4 + 2 * slot;
    if (entry >= vtableSize) return 0;
    const offset = this.u16(vtable + entry);
    return offset === 0 ? 0 : table + offset;
  }
  /** Target of a reference field, or 0 when absent. */
  ref(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at === 0 ? 0 : at + this.u32(at);
  }
  /** Absolute positions of a vector of tables. */
  tables(vector: number): number[] {
    if (vector === 0) return [];
    const count = this.u32(vector);
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const element = vector + 4 + 4 * i;
      out.push(element + this.u32(element));
    }
    return out;
  }
  string(at: number): string {
    const length = this.u32(at);
    return new TextDecoder().decode(this.bytes.subarray(at + 4, at + 4 + length));
  }
  metadataNames(model: number): string[] {
    return this.tables(this.ref(model, SLOT_METADATA)).map((entry) => this.string(this.ref(entry, 0)));
  }
}

/** True when the model already carries TFLite metadata. */
export function hasTfliteMetadata(model: Uint8Array): boolean {
  const r = new Reader(model);
  return r.metadataNames(r.u32(0)).includes(METADATA_NAME);
}

/** The model with `metadata` attached as "TFLITE_METADATA" (see the header comment). */
export function attachTfliteMetadata(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  const r = new Reader(model);
  if (new TextDecoder().decode(model.subarray(4, 8)) !== 'TFL3') {
    throw new Error('not a TFLite model (no TFL3 identifier)');
  }
  const oldRoot = r.u32(0);
  if (r.metadataNames(oldRoot).includes(METADATA_NAME)) return model;

  // Size the region in front: generous, then rounded to 64 bytes.
  const regionEstimate =
    256 + 8 * (r.tables(r.ref(oldRoot, SLOT_BUFFERS)).length + r.tables(r.ref(oldRoot, SLOT_METADATA)).length) +
    metadata.length;
  const region = Math.ceil(regionEstimate / 64) * 64;
  const out = new Uint8Array(region + model.length);
  out.set(model, region);
  const view = new DataView(out.buffer);
  const moved = (oldPosition: number) => oldPosition + region;
  let cursor = 8;
  const align = (n: number) => {
    cursor = Math.ceil(cursor / n) * n;
  };
  const u16 = (value: number) => {
    view.setUint16(cursor, value, true);
    cursor += 2;
  };
  const u32 = (value: number) => {
    view.setUint32(cursor, value, true);
    cursor += 4;
  };
  /** Writes a uoffset placeholder; returns a function that points it at `target` later. */
  const patches: Array<() => void> = [];
  const refTo = (targetOf: () => number) => {
    const at = cursor;
    u32(0);
    patches.push(() => view.setUint32(at, targetOf() - at, true));
  };

  // Header: root offset (patched below) and the file identifier.
  view.setUint32(0, 0, true);
  out.set(new TextEncoder().encode('TFL3'), 4);

  // Which of the old Model's fields exist.
  const oldField = (slot: number) => r.field(oldRoot, slot);
  const oldRef = (slot: number) => r.ref(oldRoot, slot);

  // New Model vtable: all 8 slots; table layout [soffset][8 × 4 bytes].
  align(2);
  const vtable = cursor;
  u16(4 + 2 * MODEL_FIELDS); // vtable size
  u16(4 + 4 * MODEL_FIELDS); // table size
  const present: boolean[] = [];
  for (let slot = 0; slot < MODEL_FIELDS; slot++) {
    const has =
      slot === SLOT_BUFFERS || slot === SLOT_METADATA || slot === SLOT_VERSION || oldField(slot) !== 0;
    present.push(has);
    u16(has ? 4 + 4 * slot : 0);
  }
  align(4);
  const table = cursor;
  view.setInt32(cursor, table - vtable, true);
  cursor += 4;

  const oldBuffers = r.tables(oldRef(SLOT_BUFFERS));
  const oldMetadata = r.tables(oldRef(SLOT_METADATA));
  let buffersVector = 0;
  let metadataVector = 0;
  let metadataEntry = 0;
  let metadataString = 0;
  let bufferTable = 0;
  let dataVector = 0;

  for (let slot = 0; slot < MODEL_FIELDS; slot++) {
    if (slot === SLOT_VERSION) {
      const at = oldField(SLOT_VERSION);
      u32(at === 0 ? 3 : r.u32(at));
    } else if (slot === SLOT_BUFFERS) {
      refTo(() => buffersVector);
    } else if (slot === SLOT_METADATA) {
      refTo(() => metadataVector);
    } else if (present[slot]) {
      const target = moved(oldRef(slot));
      refTo(() => target);
    } else {
      u32(0);
    }
  }

  // buffers: the old ones, then the metadata's.
  align(4);
  buffersVector = cursor;
  u32(oldBuffers.length + 1);
  for (const old of oldBuffers) {
    const target = moved(old);
    refTo(() => target);
  }
  refTo(() => bufferTable);

  // metadata: the old entries, then TFLITE_METADATA → the new buffer's index.
  align(4);
  metadataVector = cursor;
  u32(oldMetadata.length + 1);
  for (const old of oldMetadata) {
    const target = moved(old);
    refTo(() => target);
  }
  refTo(() => metadataEntry);

  // Metadata table { name:string; buffer:uint; }
  align(2);
  const metadataVtable = cursor;
  u16(8);
  u16(12);
  u16(4);
  u16(8);
  align(4);
  metadataEntry = cursor;
  view.setInt32(cursor, metadataEntry - metadataVtable, true);
  cursor += 4;
  refTo(() => metadataString);
  u32(oldBuffers.length);

  align(4);
  metadataString = cursor;
  const nameBytes = new TextEncoder().encode(METADATA_NAME);
  u32(nameBytes.length);
  out.set(nameBytes, cursor);
  cursor += nameBytes.length + 1; // NUL terminator (already zero)

  // Buffer table { data:[ubyte] (force_align: 16); }
  align(2);
  const bufferVtable = cursor;
  u16(6);
  u16(8);
  u16(4);
  align(4);
  bufferTable = cursor;
  view.setInt32(cursor, bufferTable - bufferVtable, true);
  cursor += 4;
  refTo(() => dataVector);

  // The data vector: its bytes start on a 16-byte boundary.
  cursor = Math.ceil((cursor + 4) / 16) * 16 - 4;
  dataVector = cursor;
  u32(metadata.length);
  out.set(metadata, cursor);
  cursor += metadata.length;

  if (cursor > region) throw new Error('metadata region too small');
  for (const patch of patches) patch();
  view.setUint32(0, table, true);
  return out;
}
