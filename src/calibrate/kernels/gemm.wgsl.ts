/**
 * WGSL GEMM kernels, f32, row-major: C[m×n] = A[m×k] · B[k×n]. Two tilings per shape class, and
 * the calibration keeps whichever is faster on the device (GPUs favour workgroup memory; CPU
 * drivers, where barriers are expensive, favour register blocking):
 * `tiled-shared`: a 16×16 workgroup computes a 64×64 block of C, each invocation a 4×4 register
 * block, with 16-deep slices of A and B staged in workgroup memory.
 * `tiled-register`: each invocation computes a 4×8 block straight from memory (n % 4 = 0).
 * `gemv-reduce` (n ≤ 8): one 64-invocation workgroup per row, strided dot products, tree reduction.
 * `gemv-row` (n ≤ 8, k % 4 = 0): one invocation per row, vec4 loads along k.
 */
import { GEMM_TILE, GEMV_MAX_N } from "../../cost/calibration-profile.js";

/** Invocations per workgroup side of the tiled kernel (16 × 16 = 256). */
export const TILED_WORKGROUP_SIDE = 16;
/** Invocations per workgroup of the gemv kernel. */
export const GEMV_WORKGROUP_SIZE = 64;

/** The workgroup-memory tiled kernel; dispatch (ceil(n/64), ceil(m/64)). */
export const TILED_GEMM_WGSL = /* wgsl */ `
struct Dims { m: u32, n: u32, k: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE: u32 = ${GEMM_TILE}u;
const BK: u32 = 16u;
const THREADS: u32 = ${TILED_WORKGROUP_SIDE * TILED_WORKGROUP_SIDE}u;
var<workgroup> tileA: array<f32, ${GEMM_TILE * 16}>; // [kk][row]
var<workgroup> tileB: array<f32, ${GEMM_TILE * 16}>; // [kk][col]

@compute @workgroup_size(${TILED_WORKGROUP_SIDE}, ${TILED_WORKGROUP_SIDE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  var acc: array<f32, 16>;
  for (var k0 = 0u; k0 < dims.k; k0 = k0 + BK) {
    for (var i = 0u; i < TILE * BK / THREADS; i = i + 1u) {
      let idx = li + i * THREADS;
      let r = idx / BK;
      let kk = idx % BK;
      var va = 0.0;
      if (row0 + r < dims.m && k0 + kk < dims.k) { va = a[(row0 + r) * dims.k + k0 + kk]; }
      tileA[kk * TILE + r] = va;
      let kb = idx / TILE;
      let col = idx % TILE;
      var vb = 0.0;
      if (k0 + kb < dims.k && col0 + col < dims.n) { vb = b[(k0 + kb) * dims.n + col0 + col]; }
      tileB[kb * TILE + col] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk = kk + 1u) {
      let ra = kk * TILE + lid.y * 4u;
      let rb = kk * TILE + lid.x * 4u;
      let av = vec4<f32>(tileA[ra], tileA[ra + 1u], tileA[ra + 2u], tileA[ra + 3u]);
      let bv = vec4<f32>(tileB[rb], tileB[rb + 1u], tileB[rb + 2u], tileB[rb + 3u]);
      for (var i = 0u; i < 4u; i = i + 1u) {
        acc[i * 4u] = acc[i * 4u] + av[i] * bv.x;
        acc[i * 4u + 1u] = acc[i * 4u + 1u] + av[i] * bv.y;
        acc[i * 4u + 2u] = acc[i * 4u + 2u] + av[i] * bv.z;
        acc[i * 4u + 3u] = acc[i * 4u + 3u] + av[i] * bv.w;
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    let row = row0 + lid.y * 4u + i;
    for (var j = 0u; j < 4u; j = j + 1u) {
      let col = col0 + lid.x * 4u + j;
      if (row < dims.m && col < dims.n) { c[row * dims.n + col] = acc[i * 4u + j]; }
    }
  }
}
`;

/** The reduction matrix-vector kernel for n ≤ 8; dispatch (m). */
export const GEMV_WGSL = /* wgsl */ `
struct Dims { m: u32, n: u32, k: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const WG: u32 = ${GEMV_WORKGROUP_SIZE}u;
const NMAX: u32 = ${GEMV_MAX_N}u;
var<workgroup> partial: array<f32, ${GEMV_WORKGROUP_SIZE * GEMV_MAX_N}>;

@compute @workgroup_size(${GEMV_WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let row = wg.x;
  var acc: array<f32, ${GEMV_MAX_N}>;
  for (var kk = li; kk < dims.k; kk = kk + WG) {
    let av = a[row * dims.k + kk];
    for (var j = 0u; j < dims.n; j = j + 1u) { acc[j] = acc[j] + av * b[kk * dims.n + j]; }
  }
  for (var j = 0u; j < NMAX; j = j + 1u) { partial[j * WG + li] = acc[j]; }
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (li < stride) {
      for (var j = 0u; j < NMAX; j = j + 1u) {
        partial[j * WG + li] = partial[j * WG + li] + partial[j * WG + li + stride];
      }
    }
    workgroupBarrier();
  }
  if (li < dims.n) { c[row * dims.n + li] = partial[li * WG]; }
}
`;

/** Rows and columns of C one workgroup of the register-tiled kernel covers (8×8 invocations of 4×8). */
export const REGISTER_TILE = { rows: 32, cols: 64 } as const;

/** The register-tiled kernel (n % 4 = 0); dispatch (ceil(n/64), ceil(m/32)). */
export const REGISTER_GEMM_WGSL = /* wgsl */ `
struct Dims { m: u32, n: u32, k: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n4 = dims.n / 4u;
  let col4 = gid.x * 2u;
  let row0 = gid.y * 4u;
  if (col4 >= n4 || row0 >= dims.m) { return; }
  let col4b = min(col4 + 1u, n4 - 1u);
  var acc: array<vec4<f32>, 8>;
  for (var p = 0u; p < dims.k; p = p + 1u) {
    let b0 = b[p * n4 + col4];
    let b1 = b[p * n4 + col4b];
    for (var i = 0u; i < 4u; i = i + 1u) {
      let av = a[min(row0 + i, dims.m - 1u) * dims.k + p];
      acc[2u * i] = acc[2u * i] + av * b0;
      acc[2u * i + 1u] = acc[2u * i + 1u] + av * b1;
    }
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    if (row0 + i < dims.m) {
      c[(row0 + i) * n4 + col4] = acc[2u * i];
      if (col4 + 1u < n4) { c[(row0 + i) * n4 + col4 + 1u] = acc[2u * i + 1u]; }
    }
  }
}
`;

/** The row-per-invocation matrix-vector kernel (n ≤ 8, k % 4 = 0); dispatch (ceil(m/64)). */
export const GEMV_ROW_WGSL = /* wgsl */ `
struct Dims { m: u32, n: u32, k: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= dims.m) { return; }
  let k4 = dims.k / 4u;
  let n = dims.n;
  var acc: array<f32, ${GEMV_MAX_N}>;
  for (var p = 0u; p < k4; p = p + 1u) {
    let av = a[row * k4 + p];
    for (var j = 0u; j < n; j = j + 1u) {
      let bv = vec4<f32>(b[4u * p * n + j], b[(4u * p + 1u) * n + j], b[(4u * p + 2u) * n + j], b[(4u * p + 3u) * n + j]);
      acc[j] = acc[j] + dot(av, bv);
    }
  }
  for (var j = 0u; j < n; j = j + 1u) { c[row * n + j] = acc[j]; }
}
`;
