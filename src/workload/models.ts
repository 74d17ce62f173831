/**
 * LLM catalog: the architecture numbers that training and inference costs follow from.
 * Sources: the models' published configs (Meta Llama 3 model card and config.json; Mistral AI
 * Mixtral 8x7B config; BAAI bge-large-en-v1.5 config). FLOPs per token ≈ 2 × active parameters
 * (forward) and 6 × (training); KV bytes per token = 2 (K and V) × layers × kvHeads × headDim ×
 * bytes per element.
 */

/** An LLM's architecture. */
export interface ModelSpec {
  /** Catalog name. */
  name: string;
  /** Total parameters. */
  parameters: number;
  /** Parameters active per token (differs from total for mixture-of-experts models). */
  activeParameters: number;
  /** Transformer layers. */
  layers: number;
  /** Hidden (model) dimension. */
  hiddenSize: number;
  /** Attention heads. */
  heads: number;
  /** Key/value heads (grouped-query attention; = heads without GQA). */
  kvHeads: number;
  /** Bytes per parameter as served/trained (2 for bf16). */
  bytesPerParameter: number;
  /** Longest context in tokens. */
  maxContextTokens: number;
  /** True for encoder-only embedding models (prefill only, no KV cache kept). */
  embedding: boolean;
}

/** The built-in models, keyed by name. */
export const modelCatalog = {
  "llama-3-8b": { name: "llama-3-8b", parameters: 8.03e9, activeParameters: 8.03e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, bytesPerParameter: 2, maxContextTokens: 8192, embedding: false },
  "llama-3-70b": { name: "llama-3-70b", parameters: 70.6e9, activeParameters: 70.6e9, layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8, bytesPerParameter: 2, maxContextTokens: 8192, embedding: false },
  "mixtral-8x7b": { name: "mixtral-8x7b", parameters: 46.7e9, activeParameters: 12.9e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, bytesPerParameter: 2, maxContextTokens: 32768, embedding: false },
  "bge-large-en": { name: "bge-large-en", parameters: 0.335e9, activeParameters: 0.335e9, layers: 24, hiddenSize: 1024, heads: 16, kvHeads: 16, bytesPerParameter: 2, maxContextTokens: 512, embedding: true },
} satisfies Record<string, ModelSpec>;

/** A catalog model name. */
export type ModelName = keyof typeof modelCatalog;

/** Every catalog name. */
export const modelNames = Object.keys(modelCatalog) as ModelName[];

/** KV-cache bytes one token occupies. */
export function kvBytesPerToken(model: ModelSpec): number {
  const headDim = model.hiddenSize / model.heads;
  return 2 * model.layers * model.kvHeads * headDim * model.bytesPerParameter;
}

/** Forward FLOPs per token (2 per active parameter; attention over the context is added by callers). */
export function forwardFlopsPerToken(model: ModelSpec): number {
  return 2 * model.activeParameters;
}
