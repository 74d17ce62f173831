/**
 * The operator shapes of a decoder-only transformer that the iteration model prices, derived from
 * the catalog's few numbers (parameters, layers, hidden size, heads, KV heads):
 *
 * - embedding and LM head: vocabulary x hidden each (untied, as in Llama 2 and 3);
 * - attention projections: Q and O hidden x hidden, K and V hidden x (kvHeads x headDim);
 * - MLP: gated (SwiGLU), 3 x hidden x intermediate, the intermediate size solved from the
 *   non-embedding parameters per layer (Llama-3-8B: 14,336; Llama-2-7B: 11,008, as published);
 * - elementwise kernels (two RMSNorms, RoPE, SiLU x up, two residual adds) moving about
 *   20 x hidden + 4 x intermediate elements per token per layer (reads and writes, unfused, as
 *   measured in Vidur's per-operator profiles: see test/cost/llm-iteration-measured.test.ts).
 */
import type { ModelSpec } from "../workload/models.js";

/** Vocabulary sizes of catalog models (published configs); inline models default to Llama 2's 32,000. */
const VOCABULARY: Record<string, number> = {
  "llama-3-8b": 128256,
  "llama-3-70b": 128256,
  "mixtral-8x7b": 32000,
  "bge-large-en": 30522,
};

/** Vocabulary size assumed for models the table above does not name. */
export const DEFAULT_VOCABULARY = 32000;

/** The per-layer and per-model sizes of one model. */
export interface TransformerShape {
  /** Vocabulary size. */
  vocabulary: number;
  /** Parameters of the embedding table (a lookup, not a matrix product). */
  embeddingParameters: number;
  /** Parameters of the LM head (0 for embedding models, which compute no logits). */
  lmHeadParameters: number;
  /** Parameters in the layers (all experts), all layers together. */
  layerParameters: number;
  /** Parameters in the layers active per token, all layers together. */
  activeLayerParameters: number;
  /** MLP intermediate size (per expert). */
  intermediateSize: number;
  /** Elements the elementwise kernels read and write per token per layer. */
  elementwiseElementsPerToken: number;
}

/** The operator shapes of `model`. */
export function transformerShape(model: ModelSpec): TransformerShape {
  const h = model.hiddenSize;
  const vocabulary = VOCABULARY[model.name] ?? DEFAULT_VOCABULARY;
  const embeddingParameters = vocabulary * h;
  const lmHeadParameters = model.embedding ? 0 : vocabulary * h;
  // Small or inline models may be given fewer parameters than the tables imply: keep the layers positive.
  const layerParameters = Math.max(model.parameters * 0.5, model.parameters - embeddingParameters - lmHeadParameters);
  const activeLayerParameters = Math.min(layerParameters, Math.max(model.activeParameters * 0.5, model.activeParameters - embeddingParameters - lmHeadParameters));
  const kvDim = (model.kvHeads * h) / model.heads;
  const attentionPerLayer = 2 * h * h + 2 * h * kvDim;
  const mlpPerLayer = Math.max(0, activeLayerParameters / model.layers - attentionPerLayer);
  const intermediateSize = mlpPerLayer / (3 * h);
  return {
    vocabulary,
    embeddingParameters,
    lmHeadParameters,
    layerParameters,
    activeLayerParameters,
    intermediateSize,
    elementwiseElementsPerToken: 20 * h + 4 * intermediateSize,
  };
}
