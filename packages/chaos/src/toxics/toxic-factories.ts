import { bandwidthToxic } from './bandwidth.toxic';
import { latencyToxic } from './latency.toxic';
import { limitDataToxic } from './limit-data.toxic';
import { resetPeerToxic } from './reset-peer.toxic';
import { slicerToxic } from './slicer.toxic';
import { slowCloseToxic } from './slow-close.toxic';
import { timeoutToxic } from './timeout.toxic';
import type { ToxicType } from './toxic-definition';
import type { ToxicFactory } from './toxic-runner';

export const TOXIC_FACTORIES: Record<ToxicType, ToxicFactory> = {
  latency: latencyToxic,
  timeout: timeoutToxic,
  reset_peer: resetPeerToxic,
  bandwidth: bandwidthToxic,
  slicer: slicerToxic,
  limit_data: limitDataToxic,
  slow_close: slowCloseToxic,
};
