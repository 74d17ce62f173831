/**
 * WGSL streaming kernels over vec4<f32> buffers (STREAM-style copy and triad) and a no-op kernel
 * for launch overhead. Dispatches are 2-D so that large buffers stay under the 65 535 limit per
 * dimension; invocation i handles element i.
 */

/** Invocations per workgroup of the streaming kernels. */
export const STREAM_WORKGROUP_SIZE = 256;
/** Scalar of the triad `a = b + scalar · c`. */
export const TRIAD_SCALAR = 3;

const header = `
struct Params { count: u32, groupsX: u32, pad0: u32, pad1: u32 }
@group(0) @binding(3) var<uniform> params: Params;
fn elementIndex(wg: vec3<u32>, li: u32) -> u32 {
  return (wg.y * params.groupsX + wg.x) * ${STREAM_WORKGROUP_SIZE}u + li;
}
`;

/** copy: dst[i] = src[i]. Bindings: 0 src, 2 dst, 3 params (binding 1 unused). */
export const COPY_WGSL = /* wgsl */ `${header}
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;
@compute @workgroup_size(${STREAM_WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = elementIndex(wg, li);
  if (i < params.count) { dst[i] = src[i]; }
}
`;

/** triad: a[i] = b[i] + scalar · c[i]. Bindings: 0 b, 1 c, 2 a, 3 params. */
export const TRIAD_WGSL = /* wgsl */ `${header}
@group(0) @binding(0) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> a: array<vec4<f32>>;
@compute @workgroup_size(${STREAM_WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let i = elementIndex(wg, li);
  if (i < params.count) { a[i] = b[i] + ${TRIAD_SCALAR}.0 * c[i]; }
}
`;

/** no-op: one invocation writes one word, to time a launch and nothing else. */
export const NOOP_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1)
fn main() { out[0] = out[0] + 1u; }
`;

/** Workgroup grid (x, y) covering `count` invocations, x at most 32 768. */
export function streamGrid(count: number): { x: number; y: number } {
  const groups = Math.max(1, Math.ceil(count / STREAM_WORKGROUP_SIZE));
  const x = Math.min(groups, 32768);
  return { x, y: Math.ceil(groups / x) };
}
