import { FLOWS } from "../flows";
import type { Flow, FlowName } from "./types";

export function flowByName(name: FlowName): Flow {
  return FLOWS[name];
}
