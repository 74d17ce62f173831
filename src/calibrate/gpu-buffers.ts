/**
 * Small helpers over WebGPU buffers: upload a Float32Array, read a buffer back, build a uniform of
 * four u32 words, and surface validation errors of pipeline creation as exceptions.
 */

/** A storage buffer holding `data`, usable as copy source and destination too. */
export function uploadFloats(device: GPUDevice, data: Float32Array, label: string): GPUBuffer {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const buffer = device.createBuffer({ label, size: Math.max(16, data.byteLength), usage });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

/** An empty storage buffer of `bytes` (rounded up to 16) that can be copied from. */
export function storageBuffer(device: GPUDevice, bytes: number, label: string): GPUBuffer {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  return device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
}

/** A 16-byte uniform buffer holding four u32 words. */
export function uniformWords(device: GPUDevice, words: readonly [number, number, number, number]): GPUBuffer {
  const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, new Uint32Array(words));
  return buffer;
}

/** Copies the first `bytes` of `src` to the host as f32 values. */
export async function readFloats(device: GPUDevice, src: GPUBuffer, bytes: number): Promise<Float32Array> {
  const size = Math.ceil(bytes / 4) * 4;
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(src, 0, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

/** A compute pipeline from WGSL (entry point `main`, layout `auto`); throws with the compiler's message. */
export async function computePipeline(device: GPUDevice, wgsl: string, label: string): Promise<GPUComputePipeline> {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ label, code: wgsl });
  const pipeline = device.createComputePipeline({ label, layout: "auto", compute: { module, entryPoint: "main" } });
  const error = await device.popErrorScope();
  if (error) throw new Error(`WGSL kernel ${label} failed to compile: ${error.message}`);
  return pipeline;
}

/** A bind group for group 0 of `pipeline` with `buffers` at the given binding numbers. */
export function bindBuffers(device: GPUDevice, pipeline: GPUComputePipeline, buffers: Record<number, GPUBuffer>): GPUBindGroup {
  const entries = Object.entries(buffers).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } }));
  return device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
}
