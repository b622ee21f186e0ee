import { buildMiniprogram } from "./build";

/** Builds miniprogram/ once per run, before any page is loaded. */
export default function setup() {
  buildMiniprogram();
}
