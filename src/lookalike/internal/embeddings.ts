import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';
import type { Embeddings } from '../../core/index.js';

/**
 * Shape of an {@link Embeddings} argument (row-major Float32). Values are checked for finiteness
 * separately ({@link assertFiniteRows}) so that the message names the row and column.
 */
export const EmbeddingsSchema = z
  .object({
    rows: z.number().int().min(0),
    cols: z.number().int().min(1),
    data: z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'must be a Float32Array' }),
  })
  .refine((e) => e.data.length === e.rows * e.cols, { message: 'data.length must equal rows × cols', path: ['data'] });

/** Validates the shape of an Embeddings argument. @throws AudienceKitError `INVALID_INPUT` */
export function parseEmbeddings(input: unknown, where: string): Embeddings {
  return parseWith(EmbeddingsSchema, input, where);
}

/** Throws `INVALID_INPUT` naming `where`, the row and the column of the first non-finite value. */
export function throwNonFinite(e: Embeddings, where: string, row: number): never {
  const o = row * e.cols;
  let col = 0;
  while (col < e.cols && Number.isFinite(e.data[o + col]!)) col++;
  throw new AudienceKitError('INVALID_INPUT', `${where} row ${row}, column ${col} is not finite: fix or drop that row before scoring`, {
    issues: [{ path: [where, row, col], message: 'must be finite' }],
    details: { row, col },
  });
}

/**
 * Euclidean norm of every row (Float64), checking finiteness on the way: a NaN or ±Infinity
 * anywhere in a row makes its sum of squares non-finite, so the check costs nothing extra.
 *
 * @throws AudienceKitError `INVALID_INPUT` naming the row and column of the first bad value.
 */
export function rowNorms(e: Embeddings, where: string): Float64Array {
  const { rows, cols, data } = e;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) { const v = data[o + j]!; s += v * v; }
    if (!Number.isFinite(s)) throwNonFinite(e, where, i);
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Rows scaled to unit length into a new Float32Array whose row count is padded up to a multiple
 * of `multiple` with zero rows (the blocked kernels read whole blocks). Zero rows stay zero.
 */
export function normalizedPadded(e: Embeddings, norms: Float64Array, multiple: number): { data: Float32Array; padded: number } {
  const padded = Math.ceil(e.rows / multiple) * multiple;
  const out = new Float32Array(padded * e.cols);
  for (let i = 0; i < e.rows; i++) {
    const n = norms[i]!;
    if (n === 0) continue;
    const inv = 1 / n;
    const o = i * e.cols;
    for (let j = 0; j < e.cols; j++) out[o + j] = e.data[o + j]! * inv;
  }
  return { data: out, padded };
}
