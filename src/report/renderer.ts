import type { Report } from './model.js';

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
}

export type Renderer = (report: Report, opts: RenderOptions) => string;
