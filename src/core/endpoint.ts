import { z } from 'zod';
import { ENDPOINT_KINDS } from './domain';

/**
 * A place the user reaches models: a preset or custom base URL, and the models chosen there.
 * Stored in settings; the key is not part of it (see the key store).
 */
export const endpointSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  kind: z.enum(ENDPOINT_KINDS),
  preset: z.string().optional(),
  baseUrl: z.string().optional(),
  models: z.array(z.string().min(1)),
  /**
   * A key was given when the source was saved, so its requests need one. Known providers say so
   * themselves (a preset's needsKey); this tells a custom server that wants a key from one that does not.
   */
  uses_key: z.boolean().optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  /** USD per million tokens, when the user knows it; cost stays unknown otherwise. */
  price: z.strictObject({ input_per_mtok: z.number().min(0), output_per_mtok: z.number().min(0) }).optional(),
  /** In-browser only: a model the user serves themselves (MLC weights and model library URLs). */
  custom_model: z.strictObject({ id: z.string().min(1), modelUrl: z.url(), modelLibUrl: z.url() }).optional(),
});
export type Endpoint = z.infer<typeof endpointSchema>;
export const endpointsSchema = z.array(endpointSchema);
